import type { TicketEventType } from './ticket-flow.js';

/**
 * What a timeline event means for the work that follows it (the worker reads these when an
 * event is relayed from the outbox).
 */

/** Events that leave the ticket's deadlines as they were: no timers to arm again after them. */
export const EVENTS_KEEPING_DEADLINES: readonly TicketEventType[] = [
  'commented',
  'rated',
  'warning',
  'extension_requested',
  'suspension_requested',
];

/** New steps, levels, extensions and resumes bring new deadlines (arming is idempotent). */
export function movesDeadlines(type: string): boolean {
  return !(EVENTS_KEEPING_DEADLINES as readonly string[]).includes(type);
}

/** Events after which a ticket in `accepted` waits for dispatch (村社派单): rank candidates, arm auto-dispatch. */
export const WAITING_FOR_DISPATCH_EVENTS: readonly TicketEventType[] = ['accepted', 'declined', 'escalated'];

export function waitsForDispatch(e: { type: string; toStatus: string | null }): boolean {
  return (WAITING_FOR_DISPATCH_EVENTS as readonly string[]).includes(e.type) && e.toStatus === 'accepted';
}

/**
 * Who an event is by, as a timeline shows it: a staff member (the event's actor); the resident
 * (a filing with no staff actor — the public form, Open311 — and a rating the resident gave on the
 * tracking page); or the system (deadlines, escalations, automatic dispatch, sealing).
 */
export type EventAuthor = 'staff' | 'resident' | 'system';

export function eventAuthor(e: { type: string; actor: unknown; data?: Record<string, unknown> | null }): EventAuthor {
  if (e.actor) return 'staff';
  if (e.type === 'filed' || (e.type === 'rated' && e.data?.by === 'resident')) return 'resident';
  return 'system';
}
