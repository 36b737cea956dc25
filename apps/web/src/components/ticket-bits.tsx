import { Badge, Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import {
  EVENT_LABEL,
  LEVEL_LABEL,
  REJECT_REASON_LABEL,
  ROLE_LABEL,
  SATISFACTION_LABEL,
  STATUS_COLOR,
  STATUS_LABEL,
} from '../api/labels';
import type { Ticket, TimelineEvent } from '../api/types';
import { AttachmentThumbs } from './attachments';

dayjs.extend(relativeTime);
dayjs.locale('zh-cn');

export const formatTime = (iso: string | null | undefined) => (iso ? dayjs(iso).format('YYYY-MM-DD HH:mm') : '—');
export const fromNow = (iso: string | null | undefined) => (iso ? dayjs(iso).fromNow() : '—');
export const percent = (rate: number | null | undefined) =>
  rate === null || rate === undefined ? '—' : `${(rate * 100).toFixed(1)}%`;

export function StatusTag({ status }: { status: string }) {
  return (
    <Tag color={STATUS_COLOR[status]} data-status={status}>
      {STATUS_LABEL[status] ?? status}
    </Tag>
  );
}

export type Light = 'red' | 'yellow' | 'green' | 'none';

/** 红黄绿灯: red overdue, yellow near its time limit, green on time; none when nothing runs. */
export function lightOf(t: Pick<Ticket, 'overdue' | 'warning' | 'dueAt' | 'status'>): Light {
  if (t.overdue) return 'red';
  if (t.warning) return 'yellow';
  if (t.dueAt && !['archived', 'rejected', 'verified'].includes(t.status)) return 'green';
  return 'none';
}

const LIGHT_BADGE = { red: 'error', yellow: 'warning', green: 'success', none: 'default' } as const;
const LIGHT_TEXT = { red: '已超时', yellow: '即将超时', green: '正常', none: '未计时' };

export function TrafficLight({ ticket, withText }: { ticket: Ticket; withText?: boolean }) {
  const light = lightOf(ticket);
  const due = ticket.dueAt ? `时限：${formatTime(ticket.dueAt)}（${fromNow(ticket.dueAt)}）` : '无时限';
  return (
    <Tooltip title={due}>
      <Badge status={LIGHT_BADGE[light]} text={withText ? LIGHT_TEXT[light] : undefined} data-light={light} />
    </Tooltip>
  );
}

export function LevelTag({ level }: { level: string }) {
  return level === 'grid' ? null : (
    <Tag color="volcano">已上报至{LEVEL_LABEL[level as keyof typeof LEVEL_LABEL] ?? level}</Tag>
  );
}

export function TicketFlags({ ticket }: { ticket: Ticket }) {
  return (
    <Space size={4} wrap>
      <StatusTag status={ticket.status} />
      {ticket.urgent && <Tag color="red">紧急</Tag>}
      <LevelTag level={ticket.level} />
      {ticket.reworkCount > 0 && <Tag color="orange">返工 {ticket.reworkCount} 次</Tag>}
    </Space>
  );
}

function eventDetail(e: TimelineEvent): string[] {
  const d = (e.data ?? {}) as Record<string, unknown>;
  const lines: string[] = [];
  if (typeof d.reason === 'string') lines.push(`原因：${REJECT_REASON_LABEL[d.reason] ?? d.reason}`);
  if (typeof d.result === 'string' && d.result !== e.comment) lines.push(`办理结果：${d.result}`);
  if (typeof d.satisfaction === 'string') lines.push(`满意度：${SATISFACTION_LABEL[d.satisfaction] ?? d.satisfaction}`);
  if (typeof d.callbackNote === 'string' && d.callbackNote && d.callbackNote !== e.comment)
    lines.push(`回访记录：${d.callbackNote}`);
  if (typeof d.assigneeName === 'string') lines.push(`办理人：${d.assigneeName}`);
  if (typeof d.toLevel === 'string')
    lines.push(`上报至：${LEVEL_LABEL[d.toLevel as keyof typeof LEVEL_LABEL] ?? d.toLevel}`);
  if (typeof d.department === 'string' && d.department) lines.push(`转办部门：${d.department}`);
  if (typeof d.departmentName === 'string') lines.push(`派给职能部门：${d.departmentName}`);
  return lines;
}

/** The ticket's full timeline (append-only, by seq). */
export function TicketTimeline({ events }: { events: TimelineEvent[] }) {
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.seq,
        color: ['overdue', 'escalated', 'rework', 'rejected'].includes(e.type)
          ? 'red'
          : e.type === 'warning'
            ? 'orange'
            : 'blue',
        content: (
          <div data-testid="timeline-event" data-type={e.type}>
            <Typography.Text strong>{EVENT_LABEL[e.type] ?? e.type}</Typography.Text>
            <Typography.Text type="secondary" style={{ marginLeft: 8 }}>
              {formatTime(e.at)}
            </Typography.Text>
            <div>
              <Typography.Text type="secondary">
                {e.actor ? `${e.actor.displayName}（${ROLE_LABEL[e.actor.role] ?? e.actor.role}）` : '系统'}
              </Typography.Text>
            </div>
            {e.comment && <div>{e.comment}</div>}
            {eventDetail(e).map((line) => (
              <div key={line}>{line}</div>
            ))}
            {e.attachments && e.attachments.length > 0 && <AttachmentThumbs ids={e.attachments} />}
          </div>
        ),
      }))}
    />
  );
}
