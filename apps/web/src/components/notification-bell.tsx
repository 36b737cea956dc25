import { BellOutlined } from '@ant-design/icons';
import { App, Badge, Button, Empty, List, Popover, Typography } from 'antd';
import { type CSSProperties, useCallback, useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, API_BASE, tokenStore } from '../api/client';
import type { Notification, Page } from '../api/types';
import { NotificationKindTag } from './notification-kind';
import { fromNow } from './ticket-bits';

/** The longest wait between two attempts to open the stream again. */
const MAX_RETRY_MS = 30_000;

/**
 * 消息铃铛: the unread count and latest notifications, kept live by the server-sent event
 * stream. The stream URL never carries the login token: each connection first takes a
 * single-use stream ticket (POST /notifications/stream-ticket), so a dropped stream is opened
 * again by hand — with a new ticket and the last event id, to get what it missed.
 */
export function NotificationBell({ buttonStyle }: { buttonStyle?: CSSProperties } = {}) {
  const [items, setItems] = useState<Notification[]>([]);
  const [unread, setUnread] = useState(0);
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const { notification } = App.useApp();

  // What the stream pushed, numbered: a list read while a push arrives may have been answered
  // before that notification existed — its answer must not wipe the pushed one out.
  const pushSeq = useRef(0);
  const pushed = useRef<{ seq: number; n: Notification }[]>([]);

  const load = useCallback(() => {
    const from = pushSeq.current;
    api
      .get<Page<Notification> & { unreadCount: number }>('/notifications', { limit: 10 })
      .then((page) => {
        const later = pushed.current
          .filter((p) => p.seq > from && !page.items.some((i) => i.id === p.n.id))
          .map((p) => p.n);
        setItems([...later, ...page.items].slice(0, 10));
        setUnread(page.unreadCount + later.filter((n) => !n.readAt).length);
      })
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    load();
    if (!tokenStore.get() || typeof EventSource === 'undefined') return;
    let source: EventSource | null = null;
    let retry: ReturnType<typeof setTimeout> | undefined;
    let lastEventId: string | null = null;
    let failures = 0;
    let stopped = false;

    const connect = async () => {
      let ticket: string;
      try {
        ({ ticket } = await api.post<{ ticket: string; expiresAt: string }>('/notifications/stream-ticket'));
      } catch {
        scheduleRetry();
        return;
      }
      if (stopped) return;
      const query = new URLSearchParams({ ticket });
      if (lastEventId) query.set('lastEventId', lastEventId);
      source = new EventSource(`${API_BASE}/notifications/stream?${query.toString()}`);
      // Open: from now on everything is pushed; what came while it was down is read once more.
      source.onopen = () => {
        failures = 0;
        load();
      };
      source.onmessage = (event) => {
        if (event.lastEventId) lastEventId = event.lastEventId;
        try {
          const n = JSON.parse(event.data) as Notification;
          pushSeq.current += 1;
          pushed.current = [...pushed.current.slice(-19), { seq: pushSeq.current, n }];
          setItems((list) => [n, ...list.filter((x) => x.id !== n.id)].slice(0, 10));
          setUnread((u) => u + 1);
          notification.info({ title: n.title, description: n.body, placement: 'topRight', duration: 5 });
        } catch {
          /* heartbeat or unknown event */
        }
      };
      // A ticket is good once: EventSource's own reconnect would be refused, so reconnect with a new one.
      source.onerror = () => {
        source?.close();
        source = null;
        scheduleRetry();
      };
    };
    const scheduleRetry = () => {
      if (stopped || !tokenStore.get()) return;
      failures += 1;
      retry = setTimeout(() => void connect(), Math.min(MAX_RETRY_MS, 1000 * 2 ** Math.min(failures, 5)));
    };

    void connect();
    return () => {
      stopped = true;
      clearTimeout(retry);
      source?.close();
    };
  }, [load, notification]);

  const openOne = async (n: Notification) => {
    if (!n.readAt) {
      await api.post(`/notifications/${n.id}/read`).catch(() => undefined);
      load();
    }
    setOpen(false);
    if (n.ticketId) navigate(`/tickets/${n.ticketId}`);
  };

  const readAll = async () => {
    await api.post('/notifications/read-all').catch(() => undefined);
    load();
  };

  const content = (
    <div style={{ width: 320, maxWidth: '80vw' }}>
      {items.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
      ) : (
        <List
          size="small"
          dataSource={items}
          renderItem={(n) => (
            <List.Item onClick={() => openOne(n)} style={{ cursor: 'pointer' }}>
              <List.Item.Meta
                title={
                  <Typography.Text strong={!n.readAt} ellipsis>
                    <NotificationKindTag type={n.type} />
                    {n.title}
                  </Typography.Text>
                }
                description={
                  <>
                    <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 0 }}>
                      {n.body}
                    </Typography.Paragraph>
                    <Typography.Text type="secondary">{fromNow(n.createdAt)}</Typography.Text>
                  </>
                }
              />
            </List.Item>
          )}
        />
      )}
      {unread > 0 && (
        <Button type="link" block onClick={readAll}>
          全部标为已读
        </Button>
      )}
    </div>
  );

  return (
    <Popover content={content} title="消息" trigger="click" open={open} onOpenChange={setOpen} placement="bottomRight">
      <Badge count={unread} size="small" data-testid="notification-count">
        <Button
          type="text"
          icon={<BellOutlined style={{ fontSize: 18, color: '#fff' }} />}
          aria-label="消息"
          style={buttonStyle}
        />
      </Badge>
    </Popover>
  );
}
