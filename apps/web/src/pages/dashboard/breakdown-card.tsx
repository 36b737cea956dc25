import { FileExcelOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Segmented, Table, Typography } from 'antd';
import type { ColumnType } from 'antd/es/table';
import { api } from '../../api/client';
import type { Metrics } from '../../api/types';
import { ErrorAlert, useNotify } from '../../components/feedback';
import { percent } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { COUNT_LABEL, RATE_LABEL } from './metric-cards';
import type { Period } from './period';

export type BreakdownBy = 'county' | 'township' | 'community' | 'grid' | 'item' | 'worker' | 'department';

export interface BreakdownRow extends Metrics {
  key: string;
  name: string | null;
}

const BY_LABEL: Record<BreakdownBy, string> = {
  county: '按县区',
  township: '按乡镇街道',
  community: '按村社',
  grid: '按网格',
  item: '按事项',
  worker: '按办理人',
  department: '按部门',
};

const ORG_ORDER = ['city', 'county', 'township', 'community', 'grid'] as const;

/** Only the levels below the scope (the API refuses wider ones), then item, worker and department (职能部门). */
export function breakdownOptions(level: string): BreakdownBy[] {
  const below = ORG_ORDER.slice(ORG_ORDER.indexOf(level as (typeof ORG_ORDER)[number]) + 1) as BreakdownBy[];
  return [...below, 'item', 'worker', 'department'];
}

const count = (key: keyof typeof COUNT_LABEL): ColumnType<BreakdownRow> => ({
  title: COUNT_LABEL[key],
  dataIndex: key,
  width: 66,
  align: 'right',
  sorter: (a, b) => a[key] - b[key],
});

const rate = (key: keyof typeof RATE_LABEL): ColumnType<BreakdownRow> => ({
  title: RATE_LABEL[key],
  dataIndex: key,
  width: 84,
  align: 'right',
  sorter: (a, b) => (a[key] ?? -1) - (b[key] ?? -1),
  render: (v: number | null) => percent(v),
});

const COLUMNS: ColumnType<BreakdownRow>[] = [
  {
    title: '名称',
    key: 'name',
    fixed: 'left',
    width: 150,
    render: (_, r) => (
      <div>
        <div>{r.name ?? '（已删除）'}</div>
        {/^\d+$/.test(r.key) && (
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {r.key}
          </Typography.Text>
        )}
      </div>
    ),
  },
  count('submitted'),
  count('open'),
  count('overdue'),
  count('archived'),
  count('rejected'),
  count('escalations'),
  rate('responseRate'),
  rate('onTimeRate'),
  rate('resolutionRate'),
  rate('satisfactionRate'),
  rate('reworkRate'),
];

/** 分项统计: the overview's figures per unit below the scope, per item or per handler; Excel export. */
export function BreakdownCard({
  scopeCode,
  level,
  period,
  by,
  onBy,
}: {
  scopeCode: string;
  level: string;
  period: Period;
  by: BreakdownBy;
  onBy: (by: BreakdownBy) => void;
}) {
  const notify = useNotify();
  const query = { scopeCode, by, from: period.from, to: period.to };
  const data = useApi(
    () => api.get<{ rows: BreakdownRow[] }>('/stats/breakdown', query),
    [scopeCode, by, period.from, period.to],
  );
  const download = () =>
    notify.run(
      api.download(
        '/stats/breakdown.xlsx',
        query,
        `统计-${BY_LABEL[by]}-${scopeCode}-${period.from}至${period.to}.xlsx`,
      ),
      '已开始下载',
    );

  return (
    <Card
      title="分项统计"
      extra={
        <Button size="small" icon={<FileExcelOutlined />} onClick={download}>
          导出统计表
        </Button>
      }
    >
      <Flex style={{ marginBottom: 12, overflowX: 'auto' }}>
        <Segmented<BreakdownBy>
          value={by}
          onChange={onBy}
          options={breakdownOptions(level).map((b) => ({ value: b, label: BY_LABEL[b] }))}
        />
      </Flex>
      <ErrorAlert error={data.error} onRetry={data.reload} />
      <Table<BreakdownRow>
        rowKey="key"
        size="small"
        columns={COLUMNS}
        dataSource={data.data?.rows ?? []}
        loading={data.loading}
        pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
        scroll={{ x: 980 }}
        locale={{ emptyText: <Empty description="该时段没有统计数据" /> }}
      />
    </Card>
  );
}
