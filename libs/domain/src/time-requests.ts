import type { Role } from './roles.js';
import type { TicketStatus } from './ticket-flow.js';

/**
 * 延期 (extension) and 挂账 (suspension) of a ticket's current step, as data (DOMAIN.md "Time
 * limits and escalation"): who may ask in which status, who decides, who resumes, and the
 * limits. The API (libs/tickets time-requests.service.ts) and the console both read this.
 */

/** WARNING: persisted (time_request.kind, time_request.status) and part of the API: never rename. */
export const TIME_REQUEST_KINDS = ['extension', 'suspension'] as const;
export type TimeRequestKind = (typeof TIME_REQUEST_KINDS)[number];
export const TIME_REQUEST_STATUSES = ['pending', 'approved', 'refused', 'ended'] as const;
export type TimeRequestStatus = (typeof TIME_REQUEST_STATUSES)[number];

/**
 * Timeline event types of 延期 and 挂账.
 * WARNING: persisted (ticket_event.type, outbox payloads) and part of the API: never rename.
 */
export const TIME_REQUEST_EVENTS = {
  extensionRequested: 'extension_requested',
  extensionApproved: 'extension_approved',
  extensionRefused: 'extension_refused',
  suspensionRequested: 'suspension_requested',
  suspended: 'suspended',
  suspensionRefused: 'suspension_refused',
  resumed: 'resumed',
} as const;

/** How far ahead an extension may reach (from now). */
export const MAX_EXTENSION_DAYS = 30;

/** Who may ask in a status: only the ticket's assignee, or staff of these roles. */
export type TimeRequestAsker = 'assignee' | readonly Role[];

export interface TimeRequestRule {
  /** The statuses a request may be made in, and who may make it there. */
  readonly ask: Partial<Record<TicketStatus, TimeRequestAsker>>;
  /** Only before the step is due (an extension moves a due time that has not passed). */
  readonly beforeDue: boolean;
  /** How far from now the requested due time may reach. */
  readonly maxDaysAhead?: number;
}

/** THE table of 延期/挂账. One pending request per ticket; none while the step is suspended. */
export const TIME_REQUEST_RULES: Readonly<Record<TimeRequestKind, TimeRequestRule>> = {
  // the handler asks for more time, before the step is due
  extension: {
    ask: { dispatched: 'assignee', claimed: 'assignee' },
    beforeDue: true,
    maxDaysAhead: MAX_EXTENSION_DAYS,
  },
  // 挂账 while waiting on something outside the grid: the handler, or grid staff while it waits for dispatch
  suspension: {
    ask: { accepted: ['grid_worker', 'dispatcher'], dispatched: 'assignee', claimed: 'assignee' },
    beforeDue: false,
  },
};

/** Who approves or refuses a request (in scope). */
export const TIME_REQUEST_DECIDERS: readonly Role[] = ['supervisor'];

/** The statuses a kind of request may be made in, in flow order. */
export function timeRequestStatuses(kind: TimeRequestKind): TicketStatus[] {
  return Object.keys(TIME_REQUEST_RULES[kind].ask) as TicketStatus[];
}

function fits(asker: TimeRequestAsker, user: { id: string; role: Role }, assigneeId: string | null): boolean {
  return asker === 'assignee' ? assigneeId !== null && assigneeId === user.id : asker.includes(user.role);
}

/** Whether the user could ask for this kind in SOME status of the table (a role or being the assignee). */
export function mayEverAskForTime(
  kind: TimeRequestKind,
  user: { id: string; role: Role },
  assigneeId: string | null,
): boolean {
  return Object.values(TIME_REQUEST_RULES[kind].ask).some((a) => fits(a, user, assigneeId));
}

/** Whether the user may ask for this kind on a ticket in this status (the clock and due time aside). */
export function mayAskForTime(
  kind: TimeRequestKind,
  ticket: { status: string; assigneeId: string | null },
  user: { id: string; role: Role },
): boolean {
  const asker = TIME_REQUEST_RULES[kind].ask[ticket.status as TicketStatus];
  return asker !== undefined && fits(asker, user, ticket.assigneeId);
}

/** Who may resume an approved suspension: a decider, the ticket's assignee or the one who asked. */
export function mayResume(
  user: { id: string; role: Role },
  ticket: { assigneeId: string | null },
  request: { requestedBy: string },
): boolean {
  return TIME_REQUEST_DECIDERS.includes(user.role) || user.id === ticket.assigneeId || user.id === request.requestedBy;
}
