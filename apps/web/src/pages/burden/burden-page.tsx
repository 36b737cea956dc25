import { Alert, Card, DatePicker, Flex, Segmented, Space, Table, Tag, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { useMemo, useState } from 'react';
import { BURDEN_TREND_DEFAULT_MONTHS, type BurdenBy } from '@gridflow/domain/burden';
import { api } from '../../api/client';
import { CHANNEL_LABEL, ITEM_STATUS_LABEL, ROLE_LABEL } from '../../api/labels';
import type { Role } from '../../api/types';
import { useUser } from '../../auth/auth';
import { ErrorAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { useApi } from '../../components/use-api';
import { EChart, type EChartOption } from '../dashboard/echart';
import { thisMonth, toPeriod } from '../dashboard/period';
import { type Scope, ScopePicker } from '../dashboard/scope-picker';

/** GET /stats/burden (libs/stats BurdenService.burden). */
interface BurdenRow {
  key: string;
  name: string | null;
  openTickets: number;
  handledTickets: number;
  workingHoursOnTickets: number;
  ticketsPerWeek: number;
  refusedPushes: number;
}

/** GET /stats/burden/trend */
interface BurdenTrend {
  scopeCode: string;
  months: number;
  workers: number;
  points: {
    month: string;
    openTickets: number;
    ticketsFiled: number;
    ticketsPerWorkerPerWeek: number | null;
    refusedPushes: number;
  }[];
}

/** GET /stats/burden/refused-pushes */
interface RefusedPush {
  day: string;
  channel: string;
  user: { id: string; name: string | null; role: Role | null } | null;
  department: { code: string; name: string | null } | null;
  apiKey: { id: string; name: string | null } | null;
  itemCode: string;
  itemName: string | null;
  itemStatus: string;
  gridCode: string | null;
  gridName: string | null;
  attempts: number;
  lastAt: string;
}

const ITEM_STATE: Record<string, string> = { ...ITEM_STATUS_LABEL, unknown: '清单外', other: '当日其余' };

function trendOption(trend: BurdenTrend): EChartOption {
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0 },
    grid: { left: 44, right: 56, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: trend.points.map((p) => p.month) },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1 },
      { type: 'value', name: '件/人·周' },
    ],
    series: [
      {
        name: '月末在办工单',
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: '#1677ff' },
        data: trend.points.map((p) => p.openTickets),
      },
      {
        name: '清单外派活',
        type: 'bar',
        barMaxWidth: 18,
        itemStyle: { color: '#cf1322' },
        data: trend.points.map((p) => p.refusedPushes),
      },
      {
        name: '人均周工单',
        type: 'line',
        yAxisIndex: 1,
        smooth: true,
        connectNulls: true,
        itemStyle: { color: '#faad14' },
        data: trend.points.map((p) => p.ticketsPerWorkerPerWeek),
      },
    ],
  };
}

const figure = (title: string, key: keyof BurdenRow, render?: (v: number) => string): ColumnType<BurdenRow> => ({
  title,
  dataIndex: key,
  align: 'right',
  width: 110,
  // no sorter: the committee reads burden, it does not rank workers by volume (DOMAIN.md)
  render: render ? (v: number) => render(v) : undefined,
});

function refusedWho(r: RefusedPush): string {
  if (r.user) return `${r.user.name ?? '—'}（${r.user.role ? (ROLE_LABEL[r.user.role] ?? r.user.role) : '—'}）`;
  if (r.apiKey) return `第三方平台：${r.apiKey.name ?? r.apiKey.id.slice(0, 8)}`;
  return CHANNEL_LABEL[r.channel] ?? r.channel;
}

const REFUSED_COLUMNS: ColumnType<RefusedPush>[] = [
  { title: '日期', dataIndex: 'day', width: 110 },
  { title: '渠道', dataIndex: 'channel', width: 120, render: (c: string) => CHANNEL_LABEL[c] ?? c },
  { title: '谁派的', key: 'who', render: (_, r) => refusedWho(r) },
  { title: '所属部门', key: 'department', render: (_, r) => r.department?.name ?? r.department?.code ?? '—' },
  {
    title: '事项',
    key: 'item',
    render: (_, r) => (
      <Space size={4}>
        <span>{r.itemName ? `${r.itemCode} ${r.itemName}` : r.itemCode}</span>
        <Tag color={r.itemStatus === 'unknown' ? 'red' : 'orange'}>{ITEM_STATE[r.itemStatus] ?? r.itemStatus}</Tag>
      </Space>
    ),
  },
  { title: '网格', key: 'grid', render: (_, r) => r.gridName ?? r.gridCode ?? '—' },
  { title: '次数', dataIndex: 'attempts', align: 'right', width: 70 },
];

/**
 * 减负 (为马松绑、为车减重), for the committee: the burden over the months, each grid's or
 * worker's burden in a period, and the attempts to push matters outside the catalogue onto
 * the grid — who tried, from which department. Rows come in the API's order (code or name):
 * this page never ranks workers by volume.
 */
export function BurdenPage() {
  const user = useUser();
  const [scope, setScope] = useState<Scope>({ code: user.scopeCode, name: '', level: '' });
  const [range, setRange] = useState<[Dayjs, Dayjs]>(thisMonth);
  const period = useMemo(() => toPeriod(range), [range]);
  const [by, setBy] = useState<BurdenBy>('grid');

  const trend = useApi(
    () => api.get<BurdenTrend>('/stats/burden/trend', { scopeCode: scope.code, months: BURDEN_TREND_DEFAULT_MONTHS }),
    [scope.code],
  );
  const rows = useApi(
    () =>
      api.get<{ rows: BurdenRow[] }>('/stats/burden', {
        scopeCode: scope.code,
        by,
        from: period.from,
        to: period.to,
      }),
    [scope.code, by, period.from, period.to],
  );
  const refused = useApi(
    () =>
      api.get<{ items: RefusedPush[]; truncated: boolean }>('/stats/burden/refused-pushes', {
        scopeCode: scope.code,
        from: period.from,
        to: period.to,
      }),
    [scope.code, period.from, period.to],
  );
  const option = useMemo(() => (trend.data ? trendOption(trend.data) : null), [trend.data]);
  const reload = () => {
    trend.reload();
    rows.reload();
    refused.reload();
  };

  const columns: ColumnType<BurdenRow>[] = [
    {
      title: by === 'grid' ? '网格' : '人员',
      key: 'name',
      render: (_, r) =>
        by === 'grid' ? (
          <Space orientation="vertical" size={0}>
            <span>{r.name ?? r.key}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {r.key}
            </Typography.Text>
          </Space>
        ) : (
          (r.name ?? '—')
        ),
    },
    figure('在办工单', 'openTickets'),
    figure('办结工单', 'handledTickets'),
    figure('办件工时(小时)', 'workingHoursOnTickets', (v) => v.toFixed(1)),
    figure('周均工单', 'ticketsPerWeek', (v) => v.toFixed(2)),
    figure('清单外派活', 'refusedPushes'),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="减负"
        subtitle="为马松绑、为车减重：网格负担的变化，以及向网格摊派清单外事项的记录"
        onRefresh={reload}
      />
      <Card size="small">
        <Flex wrap gap={12} align="center">
          <Typography.Text>统计范围</Typography.Text>
          <ScopePicker root={user.scopeCode} onChange={setScope} />
          <Typography.Text>时段</Typography.Text>
          <DatePicker.RangePicker
            aria-label="统计时段"
            allowClear={false}
            value={range}
            disabledDate={(d) => d.isAfter(dayjs(), 'day')}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])}
          />
        </Flex>
      </Card>

      <Card title={`负担趋势（近${BURDEN_TREND_DEFAULT_MONTHS}个月）`}>
        <ErrorAlert error={trend.error} onRetry={trend.reload} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          月末在办工单、每名网格员每周新增工单（按现有{trend.data?.workers ?? '—'}
          名在册网格员计）、清单外派活次数。
        </Typography.Text>
        <EChart option={option ?? {}} loading={trend.loading} height={300} ariaLabel="减负趋势图" />
        {trend.data && (
          <section aria-label="减负趋势表">
            <Table
              size="small"
              pagination={false}
              rowKey="month"
              dataSource={trend.data.points}
              columns={[
                { title: '月份', dataIndex: 'month' },
                { title: '月末在办', dataIndex: 'openTickets', align: 'right' },
                { title: '当月新增', dataIndex: 'ticketsFiled', align: 'right' },
                {
                  title: '人均周工单',
                  dataIndex: 'ticketsPerWorkerPerWeek',
                  align: 'right',
                  render: (v: number | null) => (v === null ? '—' : v.toFixed(2)),
                },
                { title: '清单外派活', dataIndex: 'refusedPushes', align: 'right' },
              ]}
            />
          </section>
        )}
      </Card>

      <Card
        title="网格负担"
        extra={
          <Segmented<BurdenBy>
            size="small"
            value={by}
            onChange={setBy}
            options={[
              { value: 'grid', label: '按网格' },
              { value: 'worker', label: '按人员' },
            ]}
          />
        }
      >
        <ErrorAlert error={rows.error} onRetry={rows.reload} />
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          message="按编码或姓名排列，不按工作量排名。办件工时：按工作日历计的、手上有工单的工作时间（同时办几件只计一次）。"
        />
        <section aria-label="网格负担表">
          <Table
            size="small"
            rowKey="key"
            loading={rows.loading}
            dataSource={rows.data?.rows ?? []}
            columns={columns}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        </section>
      </Card>

      <Card title="清单外派活记录">
        <ErrorAlert error={refused.error} onRetry={refused.reload} />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          试图让网格办理准入清单以外事项的每一次提交（被拒绝，422），同一人同一天同一事项合并计次。
          {refused.data?.truncated ? ' 仅显示最近 500 条。' : ''}
        </Typography.Text>
        <section aria-label="清单外派活记录">
          <Table
            size="small"
            rowKey={(r) =>
              `${r.day}-${r.channel}-${r.user?.id ?? r.apiKey?.id ?? ''}-${r.itemCode}-${r.gridCode ?? ''}`
            }
            loading={refused.loading}
            dataSource={refused.data?.items ?? []}
            columns={REFUSED_COLUMNS}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
          />
        </section>
      </Card>
    </Space>
  );
}
