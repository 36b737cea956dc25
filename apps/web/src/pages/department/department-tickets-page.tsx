import { Card, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { api, type Query } from '../../api/client';
import type { Department, Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { CursorTable } from '../../components/cursor-table';
import { ErrorAlert } from '../../components/feedback';
import { PageHeader } from '../../components/page-header';
import { StatusTag } from '../../components/ticket-bits';
import { useApi } from '../../components/use-api';
import { useCursorList } from '../../components/use-cursor-list';
import { useLookups } from '../desk/lookups';
import {
  assigneeColumn,
  dueColumn,
  gridColumn,
  itemColumn,
  levelColumn,
  lightColumn,
  numberColumn,
  statusColumn,
  ticketRow,
  timeColumn,
} from '../desk/ticket-columns';

type Filter = 'open' | 'waiting' | 'claimed' | 'all';
const FILTERS: { value: Filter; label: string; query: Query; empty: string }[] = [
  { value: 'open', label: '全部在办', query: { status: 'open' }, empty: '本部门暂无在办工单' },
  { value: 'waiting', label: '待接单', query: { status: 'dispatched' }, empty: '没有待接单的工单' },
  { value: 'claimed', label: '办理中', query: { status: 'claimed' }, empty: '没有办理中的工单' },
  { value: 'all', label: '全部', query: {}, empty: '还没有派给本部门的工单' },
];

/** Nobody of the department has taken it yet (待接单): any of its staff may 接单. */
const waiting = (t: Ticket) => t.status === 'dispatched' && !t.assignee;

/**
 * 部门工单: the tickets handed to the caller's department (职能部门), 待接单 first; the ticket
 * page takes 接单 (claim), 办结 (resolve) and 退单 (decline), as for any handler.
 */
export function DepartmentTicketsPage() {
  const user = useUser();
  const [filter, setFilter] = useState<Filter>('open');
  const current = FILTERS.find((f) => f.value === filter)!;
  const list = useCursorList<Ticket>('/tickets', { ...current.query, departmentCode: user.departmentCode ?? '' });
  const lookups = useLookups(user.scopeCode);
  const department = useApi(
    () => (user.departmentCode ? api.get<Department>(`/departments/${user.departmentCode}`) : Promise.resolve(null)),
    [user.departmentCode],
  );
  // 待接单 first, then as the list came (newest first)
  const rows = useMemo(() => [...list.items].sort((a, b) => Number(waiting(b)) - Number(waiting(a))), [list.items]);

  const columns = [
    lightColumn<Ticket>(),
    numberColumn<Ticket>(),
    itemColumn<Ticket>(lookups),
    gridColumn<Ticket>(lookups),
    {
      ...statusColumn<Ticket>(),
      render: (_: unknown, t: Ticket) =>
        waiting(t) ? <Tag color="orange">待接单</Tag> : <StatusTag status={t.status} />,
    },
    levelColumn<Ticket>(),
    {
      ...assigneeColumn<Ticket>('接单人'),
      render: (_: unknown, t: Ticket) =>
        t.assignee?.displayName ?? <Typography.Text type="secondary">未接单</Typography.Text>,
    },
    dueColumn<Ticket>('当前环节时限'),
    timeColumn<Ticket>('点单时间', (t) => t.createdAt),
  ];

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <PageHeader
        title="部门工单"
        subtitle={department.data ? `${department.data.name}：上级派来的报大事事项，接单后办结` : undefined}
        onRefresh={list.reload}
      />
      <Card>
        <ErrorAlert error={lookups.error ?? department.error} onRetry={lookups.reload} />
        <Segmented<Filter>
          value={filter}
          onChange={setFilter}
          options={FILTERS.map((f) => ({ value: f.value, label: f.label }))}
          style={{ marginBottom: 16 }}
        />
        <CursorTable<Ticket>
          list={list}
          rows={rows}
          showCount
          empty={current.empty}
          size="middle"
          columns={columns}
          scroll={{ x: 980 }}
          onRow={ticketRow}
        />
      </Card>
    </Space>
  );
}
