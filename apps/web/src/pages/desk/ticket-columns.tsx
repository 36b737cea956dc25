import { Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ColumnType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { LEVEL_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { formatTime, fromNow, lightOf, StatusTag, TrafficLight } from '../../components/ticket-bits';
import type { Lookups } from './lookups';

type TicketLike = Pick<
  Ticket,
  'id' | 'number' | 'status' | 'itemCode' | 'gridCode' | 'level' | 'assignee' | 'dueAt' | 'warning' | 'overdue'
> &
  Partial<Ticket>;

/** Rows of a ticket table carry the ticket's id for tests and tools. */
export const ticketRow = (t: { id: string }) => ({ 'data-ticket-id': t.id }) as HTMLAttributes<HTMLElement>;

const LIGHT_RANK = { red: 0, yellow: 1, green: 2, none: 2 } as const;

/** 超时 first, then 临期, then the rest by due time (no due time last). */
export function byUrgency<T extends TicketLike>(tickets: T[]): T[] {
  const due = (t: T) => (t.dueAt ? Date.parse(t.dueAt) : Number.POSITIVE_INFINITY);
  return [...tickets].sort(
    (a, b) => LIGHT_RANK[lightOf(a as Ticket)] - LIGHT_RANK[lightOf(b as Ticket)] || due(a) - due(b),
  );
}

export const lightColumn = <T extends TicketLike>(): ColumnType<T> => ({
  title: '红黄绿灯',
  key: 'light',
  width: 88,
  align: 'center',
  render: (_, t) => <TrafficLight ticket={t as Ticket} withText />,
});

export const numberColumn = <T extends TicketLike>(): ColumnType<T> => ({
  title: '工单编号',
  key: 'number',
  width: 140,
  render: (_, t) => (
    <Space size={4} wrap>
      <Link to={`/tickets/${t.id}`}>{t.number}</Link>
      {t.urgent && <Tag color="red">紧急</Tag>}
    </Space>
  ),
});

export const itemColumn = <T extends TicketLike>(lookups: Lookups): ColumnType<T> => ({
  title: '事项',
  key: 'item',
  width: 120,
  render: (_, t) => lookups.itemName(t.itemCode),
});

export const gridColumn = <T extends TicketLike>(lookups: Lookups): ColumnType<T> => ({
  title: '网格',
  key: 'grid',
  width: 150,
  render: (_, t) => (
    <div>
      <div>{lookups.gridName(t.gridCode)}</div>
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t.gridCode}
      </Typography.Text>
    </div>
  ),
});

export const statusColumn = <T extends TicketLike>(): ColumnType<T> => ({
  title: '状态',
  key: 'status',
  width: 80,
  render: (_, t) => <StatusTag status={t.status} />,
});

export const levelColumn = <T extends TicketLike>(): ColumnType<T> => ({
  title: '层级',
  key: 'level',
  width: 84,
  render: (_, t) => (
    <Tag color={t.level === 'grid' ? 'default' : 'volcano'}>
      {LEVEL_LABEL[t.level as keyof typeof LEVEL_LABEL] ?? t.level}
    </Tag>
  ),
});

export const assigneeColumn = <T extends TicketLike>(title = '办理人'): ColumnType<T> => ({
  title,
  key: 'assignee',
  width: 96,
  render: (_, t) => t.assignee?.displayName ?? <Typography.Text type="secondary">未指派</Typography.Text>,
});

export const dueColumn = <T extends TicketLike>(title = '时限'): ColumnType<T> => ({
  title,
  key: 'due',
  width: 120,
  render: (_, t) =>
    t.dueAt ? (
      <div>
        <div>
          <ShortTime iso={t.dueAt} />
        </div>
        <Typography.Text type={t.overdue ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {fromNow(t.dueAt)}
        </Typography.Text>
      </div>
    ) : (
      '—'
    ),
});

/** This year's times without the year (narrow columns); the full time on hover. */
export function ShortTime({ iso }: { iso: string | null | undefined }) {
  if (!iso) return <>—</>;
  const d = dayjs(iso);
  return (
    <Tooltip title={formatTime(iso)}>
      <span>{d.year() === dayjs().year() ? d.format('MM-DD HH:mm') : d.format('YYYY-MM-DD')}</span>
    </Tooltip>
  );
}

export const timeColumn = <T,>(
  title: string,
  pick: (t: T) => string | null | undefined,
  width = 120,
): ColumnType<T> => ({
  title,
  key: title,
  width,
  render: (_, t) => <ShortTime iso={pick(t)} />,
});
