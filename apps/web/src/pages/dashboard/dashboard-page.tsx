import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Col, DatePicker, Flex, Row, Space, Tooltip, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client';
import type { Metrics } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useApi } from '../../components/use-api';
import { useTicketExport } from '../../components/use-ticket-export';
import { BreakdownCard, type BreakdownBy, breakdownOptions } from './breakdown-card';
import { MetricCards } from './metric-cards';
import { daysOf, thisMonth, toPeriod } from './period';
import { RankingsCard } from './rankings-card';
import { type Scope, ScopePicker } from './scope-picker';
import { TicketMapCard } from './ticket-map-card';
import { type Interval, TREND_MAX_DAYS, TrendChart } from './trend-chart';

/** The stats API takes at most three years. */
const MAX_YEARS = 3;

const RANGE_PRESETS: { label: string; value: [Dayjs, Dayjs] }[] = [
  { label: '本月', value: thisMonth() },
  {
    label: '上月',
    value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')],
  },
  { label: '近30天', value: [dayjs().subtract(29, 'day'), dayjs()] },
  { label: '本年', value: [dayjs().startOf('year'), dayjs()] },
];

const defaultInterval = (days: number): Interval => (days <= 62 ? 'day' : 'month');

/** 数据看板: the assessment figures (三率) of a scope and period, their trend, breakdown, ranking and map. */
export function DashboardPage() {
  const user = useUser();
  const [scope, setScope] = useState<Scope>({ code: user.scopeCode, name: '', level: '' });
  const [range, setRange] = useState<[Dayjs, Dayjs]>(thisMonth);
  const period = useMemo(() => toPeriod(range), [range]);
  const days = daysOf(period);
  const [interval, setTrendInterval] = useState<Interval>(defaultInterval(days));
  const [by, setBy] = useState<BreakdownBy>('grid');
  const { exporting, exportTickets } = useTicketExport();

  const overview = useApi(
    () => api.get<Metrics>('/stats/overview', { scopeCode: scope.code, from: period.from, to: period.to }),
    [scope.code, period.from, period.to],
  );

  const pickScope = useCallback((s: Scope) => {
    setScope(s);
    // A unit level follows the scope (the level just below it); item and worker stay.
    setBy((current) =>
      current === 'item' || current === 'worker' || current === 'department' ? current : breakdownOptions(s.level)[0],
    );
  }, []);

  const pickRange = (value: [Dayjs, Dayjs]) => {
    setRange(value);
    setTrendInterval(defaultInterval(daysOf(toPeriod(value))));
  };

  const ready = scope.level !== '';

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader title="数据看板" onRefresh={overview.reload}>
        <Tooltip
          title={scope.level === 'grid' ? '导出该网格在所选时段受理的工单' : '导出您管辖范围内在所选时段受理的全部工单'}
        >
          <Button
            icon={<FileExcelOutlined />}
            onClick={() =>
              exportTickets(period.from, period.to, { gridCode: scope.level === 'grid' ? scope.code : undefined })
            }
            loading={exporting}
          >
            导出工单
          </Button>
        </Tooltip>
      </PageHeader>

      <Card size="small">
        <Flex wrap gap={12} align="center">
          <Typography.Text>统计范围</Typography.Text>
          <ScopePicker root={user.scopeCode} onChange={pickScope} />
          <Typography.Text>时段</Typography.Text>
          <DatePicker.RangePicker
            aria-label="统计时段"
            allowClear={false}
            value={range}
            presets={RANGE_PRESETS}
            disabledDate={(d, info) =>
              d.isAfter(dayjs(), 'day') || (!!info.from && Math.abs(d.diff(info.from, 'year', true)) > MAX_YEARS)
            }
            onChange={(v) => v?.[0] && v[1] && pickRange([v[0], v[1]])}
          />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            工单按点单日期归入时段
          </Typography.Text>
        </Flex>
      </Card>

      <ErrorAlert error={overview.error} onRetry={overview.reload} />
      <MetricCards metrics={overview.data} loading={overview.loading} />

      {ready && (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={14}>
              <TrendChart
                scopeCode={scope.code}
                period={period}
                interval={days > TREND_MAX_DAYS ? 'month' : interval}
                onInterval={setTrendInterval}
                days={days}
              />
            </Col>
            <Col xs={24} xl={10}>
              <TicketMapCard scope={scope} />
            </Col>
          </Row>
          <BreakdownCard scopeCode={scope.code} level={scope.level} period={period} by={by} onBy={setBy} />
          <RankingsCard scopeCode={scope.code} period={period} />
        </>
      )}
    </Space>
  );
}
