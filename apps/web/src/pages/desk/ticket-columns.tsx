import { Space, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import type { ColumnType } from 'antd/es/table';
import type { HTMLAttributes } from 'react';
import { Link } from 'react-router';
import { LEVEL_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { formatTime, StatusTag, TrafficLight } from '../../components/ticket-bits';
import type { Lookups } from './lookups';

type TicketLike = Pick<
  Ticket,
  | 'id'
  | 'number'
  | 'status'
  | 'itemCode'
  | 'gridCode'
  | 'level'
  | 'assignee'
  | 'dueAt'
  | 'warning'
  | 'overdue'
  | 'timeLeft'
> &
  Partial<Ticket>;

/** Rows of a ticket table carry the ticket's id for tests and tools. */
export const ticketRow = (t: { id: string }) => ({ 'data-ticket-id': t.id }) as HTMLAttributes<HTMLElement>;

/**
 * 红黄绿灯 with its word (正常/临期/超时/无时限) and the time left in the item's clock. Lists
 * come ordered by the server (`sort=urgency`), never re-sorted here.
 */
export const lightColumn = <T extends TicketLike>(): ColumnType<T> => ({
  title: '剩余时间',
  key: 'light',
  width: 190,
  render: (_, t) => <TrafficLight ticket={t as Ticket} withTime />,
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
        <ShortTime iso={t.dueAt} />
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
