import type { TicketEventType } from './ticket-flow.js';

/**
 * Who is told of which ticket event (the inbox and the live stream), and the word the console
 * shows for it. Pure data: NotificationsService resolves each audience to people, the console's
 * bell and message list label notifications with `label`. Nobody is told of their own action,
 * and disabled users never are.
 *
 * - `grid_workers`: the grid workers of the ticket's grid (网格新工单);
 * - `assignee`: the ticket's handler (for a dispatch: the one it was dispatched to);
 * - `dispatch_desk`: dispatchers of the unit that must dispatch now (村社派单): the community
 *   when the ticket is at grid level, otherwise the unit at the ticket's level;
 * - `level_desk`: dispatchers and supervisors of the unit at the ticket's (new) level (督办), and
 *   at grid level the community's too;
 * - `grid_supervisors`: supervisors whose scope covers the grid (督查兑单, residents' ratings);
 * - `department`: the staff of the department (职能部门) a dispatch handed the ticket to.
 */
export const NOTIFICATION_AUDIENCES = [
  'grid_workers',
  'assignee',
  'dispatch_desk',
  'level_desk',
  'grid_supervisors',
  'department',
] as const;
export type NotificationAudience = (typeof NOTIFICATION_AUDIENCES)[number];

export interface NotificationRule {
  readonly audiences: readonly NotificationAudience[];
  /** what the console calls a notification of this type */
  readonly label: string;
}

/**
 * The events that notify. `accepted` and `declined` both leave a ticket 待派单 (status
 * `accepted`: after 网格接单, or back after 退单); an escalation that keeps it there reaches the
 * new level's desk through `level_desk`. `resolved` leaves it 待督查.
 *
 * WARNING: the keys are stored in notification.type and shown to clients: never rename.
 */
export const NOTIFICATION_RULES = {
  filed: { audiences: ['grid_workers'], label: '新工单' },
  accepted: { audiences: ['dispatch_desk'], label: '待派单' },
  declined: { audiences: ['dispatch_desk'], label: '退单待派' },
  dispatched: { audiences: ['assignee', 'department'], label: '新派单' },
  auto_dispatched: { audiences: ['assignee'], label: '自动派单' },
  resolved: { audiences: ['grid_supervisors'], label: '待督查' },
  rework: { audiences: ['assignee'], label: '返工' },
  warning: { audiences: ['level_desk', 'assignee'], label: '黄灯' },
  overdue: { audiences: ['level_desk'], label: '超期' },
  escalated: { audiences: ['level_desk'], label: '督办' },
  rated: { audiences: ['grid_supervisors', 'assignee'], label: '评价' },
  // 待定位 → placed: the grid's workers now have a new request, as if just filed
  located: { audiences: ['grid_workers'], label: '已定位' },
} as const satisfies Partial<Record<TicketEventType, NotificationRule>>;

export type NotifyingEvent = keyof typeof NOTIFICATION_RULES;
export const NOTIFYING_EVENTS = Object.keys(NOTIFICATION_RULES) as NotifyingEvent[];

export const isNotifyingEvent = (type: string): type is NotifyingEvent => Object.hasOwn(NOTIFICATION_RULES, type);

export const notificationAudiences = (type: NotifyingEvent): readonly NotificationAudience[] =>
  NOTIFICATION_RULES[type].audiences;
