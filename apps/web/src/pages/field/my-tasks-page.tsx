import { ReloadOutlined, RightOutlined } from '@ant-design/icons';
import { allowedActions } from '@gridflow/domain/ticket-flow';
import { Button, Flex, Segmented, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import type { Query } from '../../api/client';
import { ACTION_LABEL } from '../../api/labels';
import type { Ticket } from '../../api/types';
import { useUser } from '../../auth/auth';
import { useCursorList } from '../../components/use-cursor-list';
import { TicketActionModal } from '../tickets/action-forms';
import { CARD_PAGE_SIZE, TicketCard, TicketCardList } from './ticket-card';
import { useCatalog } from './use-catalog';

type TaskFilter = 'open' | 'dispatched' | 'claimed' | 'overdue' | 'all';

const FILTERS: { value: TaskFilter; label: string; query: Query; empty: string }[] = [
  { value: 'open', label: '待办', query: { status: 'open' }, empty: '暂无待办任务' },
  { value: 'dispatched', label: '待认领', query: { status: 'dispatched' }, empty: '没有待认领的任务' },
  { value: 'claimed', label: '办理中', query: { status: 'claimed' }, empty: '没有办理中的任务' },
  { value: 'overdue', label: '超时', query: { overdue: true, sort: 'urgency' }, empty: '没有超时的任务' },
  { value: 'all', label: '全部', query: {}, empty: '还没有派给您的任务' },
];

/** The handler's quick actions, in the order they come up. */
const QUICK = ['claim', 'resolve', 'decline'] as const;
type QuickAction = (typeof QUICK)[number];

/** 我的任务: tickets dispatched to me (党员接单), with 认领 / 办结 / 退单 right on each card. */
export function MyTasksPage() {
  const user = useUser();
  const [filter, setFilter] = useState<TaskFilter>('open');
  const current = FILTERS.find((f) => f.value === filter)!;
  const pages = useCursorList<Ticket>('/tickets', { ...current.query, assignedToMe: true }, { limit: CARD_PAGE_SIZE });
  const { catalog } = useCatalog();
  const [acting, setActing] = useState<{ ticket: Ticket; action: QuickAction } | null>(null);
  const navigate = useNavigate();

  const quickActions = (t: Ticket) => {
    const allowed = allowedActions(t.status, user.role, t.assignee?.id === user.id);
    return QUICK.filter((a) => allowed.includes(a));
  };

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          我的任务
        </Typography.Title>
        <Button icon={<ReloadOutlined />} onClick={pages.reload} aria-label="刷新" />
      </Flex>
      <Segmented<TaskFilter>
        block
        size="large"
        value={filter}
        onChange={setFilter}
        options={FILTERS.map((f) => ({ value: f.value, label: f.label }))}
        style={{ marginBottom: 12 }}
      />
      <TicketCardList
        pages={pages}
        empty={current.empty}
        render={(t) => {
          const actions = quickActions(t);
          return (
            <TicketCard
              key={t.id}
              ticket={t}
              itemName={catalog?.name(t.itemCode) ?? t.itemCode}
              actions={
                <Flex gap={8} wrap>
                  {actions.map((a) => (
                    <Button
                      key={a}
                      size="large"
                      type={a === 'decline' ? 'default' : 'primary'}
                      danger={a === 'decline'}
                      style={{ flex: '1 1 30%' }}
                      onClick={() => setActing({ ticket: t, action: a })}
                    >
                      {ACTION_LABEL[a]}
                    </Button>
                  ))}
                  <Button size="large" style={{ flex: '1 1 30%' }} onClick={() => navigate(`/tickets/${t.id}`)}>
                    详情 <RightOutlined />
                  </Button>
                </Flex>
              }
            />
          );
        }}
      />
      {acting && (
        <TicketActionModal
          ticket={acting.ticket}
          item={catalog?.item(acting.ticket.itemCode)}
          action={acting.action}
          onClose={() => setActing(null)}
          onDone={pages.reload}
        />
      )}
    </div>
  );
}
