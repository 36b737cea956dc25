import type { TicketEventType } from './ticket-flow.js';
import { elapsedWorkingSeconds, type WorkingCalendar } from './time/working-calendar.js';

/** What the span computation needs of a timeline event. */
export interface HoldingEvent {
  seq: number;
  type: TicketEventType | string;
  at: Date | string;
  actorId: string | null;
  /** `data.assigneeId` of a dispatch */
  assigneeId?: string | null;
}

/** A worker held a ticket (had it to work on) from `from` to `to` (null: still holds it). */
export interface HoldingSpan {
  holderId: string;
  from: Date;
  to: Date | null;
}

/**
 * The spans in which someone held a ticket, from its timeline:
 * - held from being dispatched to them (派单 `dispatched` / `auto_dispatched` with
 *   `assigneeId`), from taking it themselves (`accepted_self`, 办小事), or from claiming a
 *   department's ticket nobody had (`claimed`);
 * - until they report the result (`resolved`), hand it back (`declined`), or it is closed
 *   (`verified`, `archived`, `rejected`);
 * - a 返工 (`rework`) gives it back to the same holder: a new span starts.
 * Time waiting for 督查 (resolved → verify) is not the worker's.
 */
export function holdingSpans(events: readonly HoldingEvent[]): HoldingSpan[] {
  const spans: HoldingSpan[] = [];
  let assignee: string | null = null;
  let open: HoldingSpan | null = null;
  const close = (at: Date) => {
    if (open) open.to = at;
    open = null;
  };
  const start = (holder: string, at: Date) => {
    close(at);
    open = { holderId: holder, from: at, to: null };
    spans.push(open);
  };
  for (const e of [...events].sort((a, b) => a.seq - b.seq)) {
    const at = new Date(e.at);
    switch (e.type) {
      case 'dispatched':
      case 'auto_dispatched':
        assignee = e.assigneeId ?? null;
        if (assignee) start(assignee, at);
        else close(at);
        break;
      case 'accepted_self':
        assignee = e.actorId;
        if (assignee) start(assignee, at);
        break;
      case 'claimed':
        if (!assignee && e.actorId) assignee = e.actorId;
        if (assignee && !open) start(assignee, at);
        break;
      case 'rework':
        if (assignee) start(assignee, at);
        break;
      case 'declined':
        assignee = null;
        close(at);
        break;
      case 'resolved':
      case 'verified':
      case 'archived':
      case 'rejected':
        close(at);
        break;
    }
  }
  return spans;
}

/** The union of intervals (sorted, merged), each clipped to [from, to). */
function mergedWithin(spans: readonly { from: Date; to: Date | null }[], from: Date, to: Date): [number, number][] {
  const clipped = spans
    .map((s) => [Math.max(s.from.getTime(), from.getTime()), Math.min((s.to ?? to).getTime(), to.getTime())] as const)
    .filter(([a, b]) => b > a)
    .sort((x, y) => x[0] - y[0]);
  const out: [number, number][] = [];
  for (const [a, b] of clipped) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/**
 * Working hours (the working-time calendar: working days and hours, holidays and 调休) in
 * [from, to) during which a worker held at least one of these tickets. Overlapping spans count
 * once: three tickets held through one morning are one morning's work. One decimal.
 */
export function workingHoursHeld(
  spans: readonly { from: Date; to: Date | null }[],
  from: Date,
  to: Date,
  cal: WorkingCalendar,
): number {
  let seconds = 0;
  for (const [a, b] of mergedWithin(spans, from, to)) seconds += elapsedWorkingSeconds(new Date(a), new Date(b), cal);
  return Math.round(seconds / 360) / 10;
}
