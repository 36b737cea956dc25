import { App, Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { api } from '../../api/client';
import type { Notification } from '../../api/types';
import { LoadMore } from '../../components/load-more';
import { NotificationKindTag } from '../../components/notification-kind';
import { fromNow } from '../../components/ticket-bits';
import { useCursorList } from '../../components/use-cursor-list';

/** 消息: my notifications, newest first; a tap marks one read and opens its ticket. */
export function MessagesPage() {
  const list = useCursorList<Notification>('/notifications', {}, { limit: 20 });
  const navigate = useNavigate();
  const { message } = App.useApp();

  const open = async (n: Notification) => {
    if (!n.readAt) await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
    if (n.ticketId) navigate(`/tickets/${n.ticketId}`);
    else list.reload();
  };
  const readAll = async () => {
    await api.post('/notifications/read-all');
    message.success('已全部标为已读');
    list.reload();
  };

  return (
    <div style={{ maxWidth: 720, margin: '0 auto' }}>
      <Flex align="center" justify="space-between" style={{ marginBottom: 12 }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          消息
        </Typography.Title>
        {list.items.some((n) => !n.readAt) && <Button onClick={readAll}>全部标为已读</Button>}
      </Flex>
      <Card styles={{ body: { padding: 0 } }}>
        {!list.refreshing && list.items.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" style={{ padding: 24 }} />
        ) : (
          <List
            loading={list.refreshing}
            dataSource={list.items}
            renderItem={(n) => (
              <List.Item style={{ padding: 0 }}>
                <button
                  type="button"
                  onClick={() => void open(n)}
                  data-notification-id={n.id}
                  style={{
                    all: 'unset',
                    boxSizing: 'border-box',
                    cursor: 'pointer',
                    display: 'block',
                    width: '100%',
                    minHeight: 56,
                    padding: '10px 16px',
                  }}
                >
                  <Typography.Text strong={!n.readAt}>
                    {!n.readAt && <span aria-label="未读">● </span>}
                    <NotificationKindTag type={n.type} />
                    {n.title}
                  </Typography.Text>
                  {n.body && <div style={{ marginTop: 2 }}>{n.body}</div>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {fromNow(n.createdAt)}
                  </Typography.Text>
                </button>
              </List.Item>
            )}
          />
        )}
      </Card>
      <LoadMore hasMore={list.hasMore} loading={list.loading} onMore={list.loadMore} />
    </div>
  );
}
