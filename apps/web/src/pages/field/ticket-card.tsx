import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Flex, Skeleton, Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Ticket } from '../../api/types';
import { ErrorAlert } from '../../components/feedback';
import { fromNow, LevelTag, StatusTag, TimeLeftText, TrafficLight } from '../../components/ticket-bits';
import type { CursorList } from '../../components/use-cursor-list';

/**
 * One ticket as a phone-sized card: 红黄绿灯, number, item, status, age, urgency. With `linked`
 * a tap anywhere opens the ticket; otherwise the number is the link (cards that carry buttons).
 */
export function TicketCard({
  ticket,
  itemName,
  linked,
  actions,
}: {
  ticket: Ticket;
  itemName: string;
  linked?: boolean;
  actions?: ReactNode;
}) {
  const navigate = useNavigate();
  const open = () => navigate(`/tickets/${ticket.id}`);
  return (
    <Card
      size="small"
      data-ticket-id={ticket.id}
      hoverable={linked}
      onClick={linked ? open : undefined}
      onKeyDown={linked ? (e) => e.key === 'Enter' && open() : undefined}
      tabIndex={linked ? 0 : undefined}
      role={linked ? 'link' : undefined}
      styles={{ body: { padding: 12 } }}
    >
      <Flex align="center" gap={8} justify="space-between">
        <Flex align="center" gap={8} style={{ minWidth: 0 }}>
          <TrafficLight ticket={ticket} />
          {linked ? (
            <Typography.Text strong>{ticket.number}</Typography.Text>
          ) : (
            <Link to={`/tickets/${ticket.id}`}>
              <Typography.Text strong style={{ color: 'inherit' }}>
                {ticket.number}
              </Typography.Text>
            </Link>
          )}
        </Flex>
        {ticket.urgent && (
          <Tag color="red" style={{ marginInlineEnd: 0 }}>
            紧急
          </Tag>
        )}
      </Flex>
      <Flex align="baseline" justify="space-between" gap={8} wrap style={{ margin: '6px 0 4px' }}>
        <Typography.Text style={{ fontSize: 16 }}>{itemName}</Typography.Text>
        <TimeLeftText ticket={ticket} style={{ fontSize: 14 }} />
      </Flex>
      <Typography.Paragraph type="secondary" ellipsis={{ rows: 2 }} style={{ marginBottom: 6 }}>
        {ticket.description}
      </Typography.Paragraph>
      <Flex align="center" justify="space-between" gap={8} wrap>
        <Flex gap={4} wrap>
          <StatusTag status={ticket.status} />
          <LevelTag level={ticket.level} />
          {ticket.reworkCount > 0 && <Tag color="orange">返工 {ticket.reworkCount} 次</Tag>}
        </Flex>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          <ClockCircleOutlined /> {fromNow(ticket.createdAt)}提交
        </Typography.Text>
      </Flex>
      {actions && (
        <div style={{ marginTop: 10 }} onClick={(e) => e.stopPropagation()}>
          {actions}
        </div>
      )}
    </Card>
  );
}

/** Tickets per page of a card list: a phone shows a few at a time. */
export const CARD_PAGE_SIZE = 20;

/** A paged list of ticket cards with loading, empty and error states and "加载更多". */
export function TicketCardList({
  pages,
  empty,
  render,
}: {
  pages: CursorList<Ticket>;
  empty: string;
  render: (t: Ticket) => ReactNode;
}) {
  if (pages.error && pages.items.length === 0) return <ErrorAlert error={pages.error} onRetry={pages.reload} />;
  if (pages.loading && pages.items.length === 0) return <Skeleton active paragraph={{ rows: 6 }} />;
  if (pages.items.length === 0) return <Empty description={empty} style={{ marginTop: 32 }} />;
  return (
    <Flex vertical gap={10}>
      {pages.items.map(render)}
      {pages.error ? <ErrorAlert error={pages.error} onRetry={pages.loadMore} /> : null}
      {pages.hasMore && (
        <Button block size="large" loading={pages.loading} onClick={pages.loadMore}>
          加载更多
        </Button>
      )}
    </Flex>
  );
}
