import {
  AlertOutlined,
  AuditOutlined,
  ExclamationCircleOutlined,
  EnvironmentOutlined,
  FileAddOutlined,
  RiseOutlined,
  RollbackOutlined,
  SendOutlined,
  StarOutlined,
  UndoOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { NOTIFICATION_RULES } from '@gridflow/domain/notification-rules';
import { Tag } from 'antd';
import type { ReactNode } from 'react';

/** An icon and a colour for each kind of notification; the word is the domain's (NOTIFICATION_RULES). */
const LOOK: Record<keyof typeof NOTIFICATION_RULES, { icon: ReactNode; color: string }> = {
  filed: { icon: <FileAddOutlined />, color: 'blue' },
  accepted: { icon: <SendOutlined />, color: 'geekblue' },
  declined: { icon: <RollbackOutlined />, color: 'orange' },
  dispatched: { icon: <SendOutlined />, color: 'cyan' },
  auto_dispatched: { icon: <SendOutlined />, color: 'cyan' },
  resolved: { icon: <AuditOutlined />, color: 'purple' },
  rework: { icon: <UndoOutlined />, color: 'orange' },
  warning: { icon: <WarningOutlined />, color: 'gold' },
  overdue: { icon: <ExclamationCircleOutlined />, color: 'red' },
  escalated: { icon: <RiseOutlined />, color: 'volcano' },
  rated: { icon: <StarOutlined />, color: 'green' },
  located: { icon: <EnvironmentOutlined />, color: 'blue' },
};

/** The small tag before a notification's title: what kind of turn or news it is. */
export function NotificationKindTag({ type }: { type: string }) {
  const rule = NOTIFICATION_RULES[type as keyof typeof NOTIFICATION_RULES];
  const look = LOOK[type as keyof typeof LOOK];
  if (!rule || !look) return <Tag icon={<AlertOutlined />}>通知</Tag>;
  return (
    <Tag icon={look.icon} color={look.color} data-notification-kind={type}>
      {rule.label}
    </Tag>
  );
}
