import { QuestionCircleOutlined } from '@ant-design/icons';
import { Card, Col, Row, Statistic, Tooltip } from 'antd';
import type { Metrics } from '../../api/types';
import { percent } from '../../components/ticket-bits';

type CountKey = 'submitted' | 'open' | 'overdue' | 'warning' | 'verified' | 'archived' | 'rejected' | 'escalations';
type RateKey = 'responseRate' | 'onTimeRate' | 'resolutionRate' | 'satisfactionRate' | 'reworkRate';

export const COUNT_LABEL: Record<CountKey, string> = {
  submitted: '受理',
  open: '在办',
  overdue: '超时',
  warning: '预警',
  verified: '督查通过',
  archived: '归档',
  rejected: '退回',
  escalations: '上报',
};

export const RATE_LABEL: Record<RateKey, string> = {
  responseRate: '响应率',
  onTimeRate: '按时办结率',
  resolutionRate: '办结率',
  satisfactionRate: '满意率',
  reworkRate: '返工率',
};

/** The definitions of libs/domain metrics.ts, in the words of the people who are assessed. */
const RATE_HINT: Record<RateKey, string> = {
  responseRate: '在时限内接单的工单 / 受理工单',
  onTimeRate: '在时限内办结的工单 / 已办结工单',
  resolutionRate: '督查通过的工单 / 已结案工单（通过、归档或退回）',
  satisfactionRate: '回访满意与非常满意 / 回访次数',
  reworkRate: '督查返工次数 / 督查次数',
};

const COUNT_COLOR: Partial<Record<CountKey, string>> = { overdue: '#cf1322', warning: '#d48806' };
/** A rate where lower is better reads red when high. */
const rateColor = (key: RateKey, v: number | null) => {
  if (v === null) return undefined;
  const good = key === 'reworkRate' ? v <= 0.1 : v >= 0.9;
  const bad = key === 'reworkRate' ? v > 0.3 : v < 0.7;
  return good ? '#389e0d' : bad ? '#cf1322' : '#d48806';
};

/** Overview figures of the scope and period (GET /stats/overview): eight counts and five rates. */
export function MetricCards({ metrics, loading }: { metrics: Metrics | undefined; loading: boolean }) {
  const counts = Object.keys(COUNT_LABEL) as CountKey[];
  const rates = Object.keys(RATE_LABEL) as RateKey[];
  return (
    <Row gutter={[12, 12]} data-testid="metric-cards">
      {counts.map((key) => (
        <Col xs={12} sm={8} md={6} xl={3} key={key}>
          <Card size="small">
            <Statistic
              title={COUNT_LABEL[key]}
              value={metrics?.[key] ?? '—'}
              loading={loading && !metrics}
              styles={{ content: { color: COUNT_COLOR[key] } }}
            />
          </Card>
        </Col>
      ))}
      {rates.map((key) => (
        <Col xs={12} sm={8} xl={{ flex: '20%' }} key={key}>
          <Card size="small">
            <Statistic
              title={
                <Tooltip title={RATE_HINT[key]}>
                  <span>
                    {RATE_LABEL[key]} <QuestionCircleOutlined />
                  </span>
                </Tooltip>
              }
              value={percent(metrics?.[key])}
              loading={loading && !metrics}
              styles={{ content: { color: rateColor(key, metrics?.[key] ?? null) } }}
            />
          </Card>
        </Col>
      ))}
    </Row>
  );
}
