import { Card, Col, Empty, Row, Segmented, Table, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { useState } from 'react';
import { api } from '../../api/client';
import { ErrorAlert } from '../../components/feedback';
import { percent } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import type { BreakdownRow } from './breakdown-card';
import type { Period } from './period';

type RankBy = 'grid' | 'worker' | 'department';
type Ranked = BreakdownRow & { score: number };

/** GET /stats/rankings (libs/stats StatsService.rankings). */
interface Rankings {
  weights: { response: number; resolution: number; satisfaction: number };
  top: Ranked[];
  bottom: Ranked[];
}

const LIMIT = 10;

const columns = (title: string, fromBottom: boolean): ColumnType<Ranked>[] => [
  { title: '名次', key: 'rank', width: 64, render: (_, __, i) => (fromBottom ? `倒数 ${i + 1}` : i + 1) },
  { title, key: 'name', render: (_, r) => r.name ?? r.key },
  {
    title: '综合得分',
    dataIndex: 'score',
    width: 90,
    align: 'right',
    render: (v: number) => <Typography.Text strong>{(v * 100).toFixed(1)}</Typography.Text>,
  },
  { title: '响应率', dataIndex: 'responseRate', width: 80, align: 'right', render: percent },
  { title: '办结率', dataIndex: 'resolutionRate', width: 80, align: 'right', render: percent },
  { title: '满意率', dataIndex: 'satisfactionRate', width: 80, align: 'right', render: percent },
];

function RankTable({
  title,
  rows,
  name,
  fromBottom = false,
}: {
  title: string;
  rows: Ranked[];
  name: string;
  fromBottom?: boolean;
}) {
  return (
    <>
      <Typography.Text strong>{title}</Typography.Text>
      <Table<Ranked>
        rowKey="key"
        size="small"
        columns={columns(name, fromBottom)}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 480 }}
        style={{ marginTop: 8 }}
      />
    </>
  );
}

/** 质量排名: grids, handlers or departments (职能部门) by the weighted score of their rates — never by how many tickets. */
export function RankingsCard({ scopeCode, period }: { scopeCode: string; period: Period }) {
  const [by, setBy] = useState<RankBy>('grid');
  const data = useApi(
    () => api.get<Rankings>('/stats/rankings', { scopeCode, by, from: period.from, to: period.to, limit: LIMIT }),
    [scopeCode, by, period.from, period.to],
  );
  const r = data.data;
  const name = { grid: '网格', worker: '办理人', department: '职能部门' }[by];
  // Fewer than LIMIT ranked: top and bottom are the same list, shown once.
  const all = r && r.top.length < LIMIT;
  return (
    <Card
      title="质量排名"
      loading={data.loading && !r}
      extra={
        <Segmented<RankBy>
          size="small"
          value={by}
          onChange={setBy}
          options={[
            { value: 'grid', label: '网格' },
            { value: 'worker', label: '办理人' },
            { value: 'department', label: '部门' },
          ]}
        />
      }
    >
      <ErrorAlert error={data.error} onRetry={data.reload} />
      {r && (
        <Typography.Paragraph type="secondary" style={{ fontSize: 12 }}>
          综合得分 = 响应率 × {r.weights.response} + 办结率 × {r.weights.resolution} + 满意率 × {r.weights.satisfaction}
          （无数据的比率不计入），不以工单数量排名。
        </Typography.Paragraph>
      )}
      {r && r.top.length === 0 ? (
        <Empty description="该时段还没有可排名的数据" />
      ) : all ? (
        <RankTable title="全部排名" rows={r.top} name={name} />
      ) : (
        r && (
          <Row gutter={[16, 16]}>
            <Col xs={24} xl={12}>
              <RankTable title={`前 ${LIMIT} 名`} rows={r.top} name={name} />
            </Col>
            <Col xs={24} xl={12}>
              <RankTable title={`后 ${LIMIT} 名（待改进）`} rows={r.bottom} name={name} fromBottom />
            </Col>
          </Row>
        )
      )}
    </Card>
  );
}
