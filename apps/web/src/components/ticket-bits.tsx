import {
  TRAFFIC_LIGHT_LABEL,
  timeLeftWording,
  trafficLight,
  type TrafficLight as LightKind,
} from '@gridflow/domain/time/time-left';
import { Space, Tag, Timeline, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import relativeTime from 'dayjs/plugin/relativeTime';
import 'dayjs/locale/zh-cn';
import { eventAuthor } from '@gridflow/domain/ticket-events';
import {
  CHANNEL_LABEL,
  EVENT_LABEL,
  LEVEL_LABEL,
  REJECT_REASON_LABEL,
  ROLE_LABEL,
  SATISFACTION_LABEL,
  STATUS_COLOR,
  STATUS_LABEL,
} from '../api/labels';
import type { CSSProperties } from 'react';
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

type Timed = Pick<Ticket, 'overdue' | 'warning' | 'status' | 'timeLeft'>;

/** 红黄绿灯 of a ticket (libs/domain `trafficLight`), 'none' for finished tickets: the map's markers. */
export const lightOf = (t: Timed): LightKind => trafficLight(t) ?? 'none';

/** The colour of each light where there is no tag to carry it (map markers, their legend). */
export const LIGHT_COLOR: Readonly<Record<LightKind, string>> = {
  overdue: '#cf1322',
  warning: '#faad14',
  ok: '#52c41a',
  none: '#8c8c8c',
};

const LIGHT_TAG_COLOR: Record<LightKind, string> = {
  overdue: 'error',
  warning: 'warning',
  ok: 'success',
  none: 'default',
};

/** 剩余 3 工作小时 / 超时 40 分钟 (libs/domain `timeLeftWording`), or nothing when no limit runs. */
export function TimeLeftText({ ticket, style }: { ticket: Timed; style?: CSSProperties }) {
  if (!ticket.timeLeft) return null;
  return (
    <Typography.Text
      type={ticket.timeLeft.seconds < 0 ? 'danger' : 'secondary'}
      style={{ fontSize: 12, ...style }}
      data-testid="time-left"
    >
      {timeLeftWording(ticket.timeLeft)}
    </Typography.Text>
  );
}

/**
 * 红黄绿灯 as a labelled tag — 正常 / 临期 / 超时 / 无时限, never colour alone — with the time
 * left beside it (`withTime`); the due time on hover. Nothing for archived or rejected tickets.
 */
export function TrafficLight({ ticket, withTime }: { ticket: Ticket; withTime?: boolean }) {
  const light = trafficLight(ticket);
  if (!light) return null;
  const due = ticket.dueAt ? `时限：${formatTime(ticket.dueAt)}（${fromNow(ticket.dueAt)}）` : '无时限';
  return (
    <Space size={4} wrap>
      <Tooltip title={due}>
        <Tag color={LIGHT_TAG_COLOR[light]} data-light={light} style={{ marginInlineEnd: 0 }}>
          {TRAFFIC_LIGHT_LABEL[light]}
        </Tag>
      </Tooltip>
      {withTime && <TimeLeftText ticket={ticket} />}
    </Space>
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
  if (e.type === 'located') {
    // 待定位 → placed: where, and how
    lines.push(`定位到网格：${String(d.gridCode)}（${d.by === 'point' ? '地图点选' : '选择网格'}）`);
    if (typeof d.fromOrgCode === 'string') lines.push(`原待定位单位：${d.fromOrgCode}`);
    return lines;
  }
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

/**
 * Who an event is by (libs/domain `eventAuthor`): the staff member with their role; the
 * resident — on their filing, with the channel they filed through; or 系统.
 */
export function eventActorText(e: TimelineEvent, channel?: string | null): string {
  switch (eventAuthor(e)) {
    case 'staff':
      return `${e.actor!.displayName}（${ROLE_LABEL[e.actor!.role] ?? e.actor!.role}）`;
    case 'resident':
      return e.type === 'filed' ? `群众（${CHANNEL_LABEL[channel ?? ''] ?? '自主点单'}）` : '群众';
    default:
      return '系统';
  }
}

/** The ticket's full timeline (append-only, by seq). */
export function TicketTimeline({ events, channel }: { events: TimelineEvent[]; channel?: string | null }) {
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
              <Typography.Text type="secondary">{eventActorText(e, channel)}</Typography.Text>
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
