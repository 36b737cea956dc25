import { EditOutlined, ReloadOutlined } from '@ant-design/icons';
import { Button, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import type { Query } from '../../api/client';
import type { Ticket } from '../../api/types';
import { useCursorList } from '../../components/use-cursor-list';
import { CARD_PAGE_SIZE, TicketCard, TicketCardList } from './ticket-card';
import { useCatalog } from './use-catalog';

type QueueFilter = 'submitted' | 'working' | 'all' | 'overdue';

const FILTERS: { value: QueueFilter; label: string; query: Query; empty: string }[] = [
  { value: 'submitted', label: '待接单', query: { status: 'submitted' }, empty: '没有待接单的工单' },
  // The list API takes one status: "in progress" is every open status but the not-yet-accepted one.
  { value: 'working', label: '办理中', query: { status: 'open' }, empty: '没有办理中的工单' },
  { value: 'all', label: '全部', query: {}, empty: '本网格还没有工单' },
  { value: 'overdue', label: '超时', query: { overdue: true, sort: 'urgency' }, empty: '没有超时的工单' },
];

const notSubmitted = (t: Ticket) => t.status !== 'submitted';

/** 本网格工单: the grid worker's queue, newest first, with the 红黄绿灯 of each ticket. */
export function GridQueuePage() {
  const [filter, setFilter] = useState<QueueFilter>('submitted');
  const current = FILTERS.find((f) => f.value === filter)!;
  const pages = useCursorList<Ticket>('/tickets', current.query, {
    limit: CARD_PAGE_SIZE,
    keep: filter === 'working' ? notSubmitted : undefined,
  });
  const { catalog } = useCatalog();

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          本网格工单
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={pages.reload} aria-label="刷新" />
      </Flex>
      <Link to="/tickets/new" style={{ display: 'block' }}>
        <Button type="primary" size="large" block icon={<EditOutlined />} style={{ height: 52, fontSize: 18 }}>
          代群众点单
        </Button>
      </Link>
      <Segmented<QueueFilter>
        block
        size="large"
        value={filter}
        onChange={setFilter}
        options={FILTERS.map((f) => ({ value: f.value, label: f.label }))}
        style={{ margin: '12px 0' }}
      />
      <TicketCardList
        pages={pages}
        empty={current.empty}
        render={(t) => <TicketCard key={t.id} ticket={t} itemName={catalog?.name(t.itemCode) ?? t.itemCode} linked />}
      />
    </div>
  );
}
