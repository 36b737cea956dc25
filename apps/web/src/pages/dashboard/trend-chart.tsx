import { Card, Empty, Segmented, Typography } from 'antd';
import { useMemo } from 'react';
import { api } from '../../api/client';
import type { Metrics } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { useApi } from '../../components/use-api';
import { EChart, type EChartOption } from './echart';
import type { Period } from './period';

export type Interval = 'day' | 'month';

/** GET /stats/trend (libs/stats StatsService.trend). */
interface Trend {
  scopeCode: string;
  from: string;
  to: string;
  interval: Interval;
  points: (Metrics & { period: string })[];
}

/** The API answers a daily trend for at most 366 days. */
export const TREND_MAX_DAYS = 366;

const SERIES = [
  { key: 'submitted', name: '受理', type: 'bar', color: '#1677ff' },
  { key: 'archived', name: '归档', type: 'bar', color: '#52c41a' },
  { key: 'overdue', name: '超时', type: 'line', color: '#cf1322' },
  { key: 'rejected', name: '退回', type: 'line', color: '#8c8c8c' },
] as const;

function chartOption(trend: Trend): EChartOption {
  const many = trend.points.length > 45;
  return {
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 48, top: 36, bottom: many ? 56 : 28 },
    xAxis: {
      type: 'category',
      data: trend.points.map((p) => (trend.interval === 'day' ? p.period.slice(5) : p.period)),
    },
    yAxis: [
      { type: 'value', name: '件', minInterval: 1 },
      { type: 'value', name: '满意率', min: 0, max: 100, axisLabel: { formatter: '{value}%' } },
    ],
    dataZoom: many ? [{ type: 'slider', height: 18, bottom: 8 }] : [],
    series: [
      ...SERIES.map((s) => ({
        name: s.name,
        type: s.type,
        data: trend.points.map((p) => p[s.key]),
        itemStyle: { color: s.color },
        smooth: s.type === 'line',
        barMaxWidth: 18,
      })),
      {
        name: '满意率',
        type: 'line',
        yAxisIndex: 1,
        connectNulls: true,
        itemStyle: { color: '#faad14' },
        lineStyle: { type: 'dashed' },
        data: trend.points.map((p) =>
          p.satisfactionRate === null ? null : Math.round(p.satisfactionRate * 1000) / 10,
        ),
        tooltip: { valueFormatter: (v: unknown) => (v === null || v === undefined ? '—' : `${v}%`) },
      },
    ],
  };
}

/** 趋势: tickets filed per day or month of the period, by what has become of them. */
export function TrendChart({
  scopeCode,
  period,
  interval,
  onInterval,
  days,
}: {
  scopeCode: string;
  period: Period;
  interval: Interval;
  onInterval: (i: Interval) => void;
  days: number;
}) {
  const trend = useApi(
    () => api.get<Trend>('/stats/trend', { scopeCode, from: period.from, to: period.to, interval }),
    [scopeCode, period.from, period.to, interval],
  );
  const option = useMemo(() => (trend.data ? chartOption(trend.data) : null), [trend.data]);
  const empty = trend.data && trend.data.points.every((p) => p.submitted === 0);
  return (
    <Card
      title="工单趋势"
      extra={
        <Segmented<Interval>
          size="small"
          value={interval}
          onChange={onInterval}
          options={[
            { value: 'day', label: '按日', disabled: days > TREND_MAX_DAYS },
            { value: 'month', label: '按月' },
          ]}
        />
      }
    >
      <ErrorAlert error={trend.error} onRetry={trend.reload} />
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        按点单日期统计：当期受理的工单中，已归档、超时、退回的件数。
      </Typography.Text>
      {empty && !trend.loading ? (
        <Empty description="该时段没有受理工单" style={{ padding: 48 }} />
      ) : (
        <EChart option={option ?? {}} loading={trend.loading} height={300} ariaLabel="工单趋势图" />
      )}
    </Card>
  );
}
