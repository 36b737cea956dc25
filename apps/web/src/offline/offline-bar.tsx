import { CloudUploadOutlined, DisconnectOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import { useOutbox } from './outbox-context';
import type { OutboxItem } from './outbox';

const KIND_LABEL: Record<OutboxItem['kind'], string> = { file: '点单', comment: '备注', claim: '接单' };

/**
 * 离线 and 待发送 above every page: whether the phone is offline, what it still has to send,
 * and what could not be applied (a conflict), kept until the user dismisses it.
 */
export function OfflineBar() {
  const { items, online, dismiss } = useOutbox();
  const pending = items.filter((i) => i.state === 'pending');
  const problems = items.filter((i) => i.state !== 'pending');
  if (online && items.length === 0) return null;
  return (
    <Flex vertical gap={8} style={{ marginBottom: 12 }} data-testid="offline-bar">
      {!online && (
        <Alert
          type="warning"
          showIcon
          icon={<DisconnectOutlined />}
          role="status"
          data-testid="offline-indicator"
          title="离线：显示的是上次联网时的内容，新的记录联网后自动发送"
        />
      )}
      {pending.length > 0 && (
        <Alert
          type="info"
          showIcon
          icon={<CloudUploadOutlined />}
          role="status"
          title={
            <Flex gap={8} align="center">
              <span>待发送</span>
              <Badge count={pending.length} color="#1a56db" data-testid="pending-count" />
            </Flex>
          }
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="pending-items">
              {pending.map((i) => (
                <li key={i.id}>
                  {KIND_LABEL[i.kind]}：{i.summary}
                </li>
              ))}
            </ul>
          }
        />
      )}
      {problems.map((i) => (
        <Alert
          key={i.id}
          type="error"
          showIcon
          role="alert"
          data-testid="outbox-problem"
          title={i.problem}
          description={
            <Typography.Text>
              {KIND_LABEL[i.kind]}：{i.summary}
              {i.ticketId && (
                <>
                  {' '}
                  <Link to={`/tickets/${i.ticketId}`}>查看工单</Link>
                </>
              )}
            </Typography.Text>
          }
          action={
            <Button size="small" onClick={() => void dismiss(i.id!)}>
              知道了
            </Button>
          }
        />
      ))}
    </Flex>
  );
}
