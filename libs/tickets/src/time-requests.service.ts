import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService, WorkingCalendarService } from '@gridflow/catalog';
import {
  type AuthUser,
  type Clock,
  forbidden,
  inScope,
  invalidField,
  notFound,
  type Role,
  stateConflict,
  WARNING_FRACTION,
  isUuid,
} from '@gridflow/domain';
import { DeadlinesService } from './deadlines.service.js';
import { OUTBOX_TICKET_EVENT, TicketsService } from './tickets.service.js';
import { isUniqueViolation } from '@gridflow/database';

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

/** Statuses whose step a handler may ask more time for. */
const ASSIGNEE_STATUSES = ['dispatched', 'claimed'];
const GRID_STAFF: readonly Role[] = ['grid_worker', 'dispatcher'];

/** The `ticket` columns these rules read. */
export interface TimedTicketRow {
  id: string;
  status: string;
  grid_code: string;
  item_code: string;
  urgent: boolean;
  assignee_id: string | null;
  level: string;
  step_seq: number;
  step_escalations: number;
  step_started_at: Date;
  due_at: Date | null;
  warn_at: Date | null;
  next_escalation_at: Date | null;
  suspended_at: Date | null;
  suspended_remaining_seconds: number | null;
  version: number;
}

export interface TimeRequestRow {
  id: string;
  ticket_id: string;
  kind: TimeRequestKind;
  step_seq: number;
  status: TimeRequestStatus;
  reason: string;
  requested_due_at: Date | null;
  requested_by: string;
  requested_by_name: string | null;
  decided_by: string | null;
  decided_by_name: string | null;
  decided_at: Date | null;
  decision_note: string | null;
  ended_at: Date | null;
  created_at: Date;
}

/** A time_request with the names of the people on it. */
export const TIME_REQUEST_SELECT = `
  SELECT tr.*, ru.display_name AS requested_by_name, du.display_name AS decided_by_name
  FROM time_request tr
  LEFT JOIN app_user ru ON ru.id = tr.requested_by
  LEFT JOIN app_user du ON du.id = tr.decided_by`;

/**
 * A request belongs to one step. Once the ticket has moved on (a new step_seq), a request
 * still pending or approved is over: it shows as `ended` even before a later write marks it.
 */
export function effectiveStatus(r: Pick<TimeRequestRow, 'status' | 'step_seq'>, ticketStepSeq: number) {
  return (r.status === 'pending' || r.status === 'approved') && r.step_seq !== ticketStepSeq ? 'ended' : r.status;
}

/** The API view of a time request. */
export function timeRequestView(r: TimeRequestRow, ticketStepSeq: number) {
  return {
    id: r.id,
    ticketId: r.ticket_id,
    kind: r.kind,
    stepSeq: r.step_seq,
    status: effectiveStatus(r, ticketStepSeq),
    reason: r.reason,
    requestedDueAt: r.requested_due_at,
    requestedBy: { id: r.requested_by, displayName: r.requested_by_name },
    decidedBy: r.decided_by ? { id: r.decided_by, displayName: r.decided_by_name } : null,
    decidedAt: r.decided_at,
    decisionNote: r.decision_note,
    endedAt: r.ended_at,
    createdAt: r.created_at,
  };
}

/**
 * Every write here is one statement: lock the ticket row if it is still on the step and
 * version that were read (`cur`), write the request, bump the ticket (its deadlines where the
 * change moves them), append the timeline event and the outbox row. Zero rows means someone
 * acted first → 409, and nothing is written. Parameters $1–$11 are shared (see `write`).
 */
function changeSql(c: { guard?: string; request: string; ticketSet?: string }) {
  return `
  WITH cur AS (
    SELECT id FROM ticket WHERE id = $1 AND step_seq = $2 AND version = $3 ${c.guard ?? ''} FOR UPDATE
  ), r AS (${c.request}
  ), t AS (
    UPDATE ticket SET ${c.ticketSet ?? ''}
      last_seq = ticket.last_seq + 1, version = ticket.version + 1, updated_at = $4
    FROM r WHERE ticket.id = r.ticket_id
    RETURNING ticket.*
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, actor_id, actor_role, actor_name, from_status, to_status, comment, data)
    SELECT t.id, t.last_seq, $5, $4, $6, $7, $8, t.status, t.status, $9, $10::jsonb || jsonb_build_object('requestId', r.id)
    FROM t, r
  ), o AS (
    INSERT INTO outbox (topic, payload)
    SELECT $11, jsonb_build_object('ticketId', id, 'seq', last_seq, 'type', $5::text, 'fromStatus', status,
                                   'toStatus', status, 'level', level, 'gridCode', grid_code)
    FROM t
  )
  SELECT t.*, u.display_name AS assignee_name, r.id AS request_id
  FROM t CROSS JOIN r LEFT JOIN app_user u ON u.id = t.assignee_id`;
}

const REQUEST_SQL = changeSql({
  guard: 'AND status = $12 AND suspended_at IS NULL',
  request: `
    INSERT INTO time_request (ticket_id, kind, step_seq, reason, requested_due_at, requested_by, created_at)
    SELECT cur.id, $13, $2, $14, $15, $6, $4 FROM cur
    RETURNING *`,
});

const DECIDE = `
    UPDATE time_request SET status = $12, decided_by = $6, decided_at = $4, decision_note = $13
    FROM cur WHERE time_request.id = $14 AND time_request.ticket_id = cur.id
      AND time_request.status = 'pending' AND time_request.step_seq = $2
    RETURNING time_request.*`;

const REFUSE_SQL = changeSql({ request: DECIDE });

/** 延期 approved: the step's new due time, its warning point and its next escalation. */
const APPROVE_EXTENSION_SQL = changeSql({
  guard: 'AND suspended_at IS NULL',
  request: DECIDE,
  ticketSet: `
      due_at = $15, warn_at = $16, next_escalation_at = $17,
      warning = ticket.warning AND $16::timestamptz <= $4::timestamptz,
      overdue = ticket.overdue AND $15::timestamptz <= $4::timestamptz,`,
});

/** 挂账 approved: the clock stops; no timer fires while warn_at and next_escalation_at are NULL. */
const APPROVE_SUSPENSION_SQL = changeSql({
  guard: 'AND suspended_at IS NULL',
  request: DECIDE,
  ticketSet: `
      suspended_at = $4, suspended_remaining_seconds = $15, warn_at = NULL, next_escalation_at = NULL,`,
});

/** Resumed: the clock runs again with the time that was left; the request is over. */
const RESUME_SQL = changeSql({
  guard: 'AND suspended_at IS NOT NULL',
  request: `
    UPDATE time_request SET status = 'ended', ended_at = $4
    FROM cur WHERE time_request.id = $12 AND time_request.ticket_id = cur.id
      AND time_request.status = 'approved' AND time_request.kind = 'suspension' AND time_request.step_seq = $2
    RETURNING time_request.*`,
  ticketSet: `
      due_at = $13, warn_at = $14, next_escalation_at = $15,
      warning = ticket.warning AND COALESCE($14::timestamptz <= $4::timestamptz, true),
      overdue = ticket.overdue AND COALESCE($13::timestamptz <= $4::timestamptz, true),
      suspended_at = NULL, suspended_remaining_seconds = NULL,`,
});

interface EventSpec {
  type: string;
  comment: string | null;
  data: Record<string, unknown>;
}

/**
 * 延期 (extension) and 挂账 (suspension) of a ticket's current step (DOMAIN.md "Time limits and
 * escalation"): the handler asks, a supervisor approves or refuses, and a suspension ends by
 * `resume` or by any transition of the ticket (a new step has its own deadlines). Due times live
 * on the ticket; after a change the step's timers are rescheduled (DeadlinesService re-checks
 * the row whenever a timer fires, so a stale timer is harmless).
 */
@Injectable()
export class TimeRequestsService {
  private readonly logger = new Logger('TimeRequests');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly catalog: CatalogService,
    private readonly calendar: WorkingCalendarService,
    private readonly deadlines: DeadlinesService,
  ) {}

  /** The requests of a ticket in scope, oldest first. */
  async list(actor: AuthUser, ticketId: string) {
    const ticket = await this.ticketInScope(actor, ticketId);
    const rows: TimeRequestRow[] = await this.db.query(
      `${TIME_REQUEST_SELECT} WHERE tr.ticket_id = $1 ORDER BY tr.created_at, tr.id`,
      [ticket.id],
    );
    return { items: rows.map((r) => timeRequestView(r, ticket.step_seq)), nextCursor: null };
  }

  /** 延期: the assignee of a dispatched or claimed ticket, before the step is due. */
  async requestExtension(actor: AuthUser, ticketId: string, input: { reason: string; requestedDueAt: Date }) {
    const ticket = await this.ticketInScope(actor, ticketId);
    if (ticket.assignee_id !== actor.id) throw forbidden("Only the ticket's assignee may ask for an extension");
    this.assertOpenStep(ticket, ASSIGNEE_STATUSES, 'ask for an extension');
    const now = new Date();
    if (!ticket.due_at || ticket.due_at <= now) {
      throw stateConflict('The step is already due: an extension must be asked for before the due time', [
        { field: 'dueAt', problem: 'already passed', dueAt: ticket.due_at },
      ]);
    }
    if (input.requestedDueAt <= ticket.due_at) {
      throw invalidField('requestedDueAt', `must be after the current due time ${ticket.due_at.toISOString()}`);
    }
    if (input.requestedDueAt.getTime() > now.getTime() + MAX_EXTENSION_DAYS * 86_400_000) {
      throw invalidField('requestedDueAt', `must be within ${MAX_EXTENSION_DAYS} days from now`);
    }
    return this.createRequest(actor, ticket, now, 'extension', input.reason, input.requestedDueAt, {
      type: TIME_REQUEST_EVENTS.extensionRequested,
      comment: input.reason,
      data: { kind: 'extension', requestedDueAt: input.requestedDueAt, currentDueAt: ticket.due_at },
    });
  }

  /** 挂账: the assignee of a dispatched or claimed ticket, or grid staff for an accepted one. */
  async requestSuspension(actor: AuthUser, ticketId: string, input: { reason: string }) {
    const ticket = await this.ticketInScope(actor, ticketId);
    const isAssignee = ticket.assignee_id === actor.id;
    const isGridStaff = GRID_STAFF.includes(actor.role);
    if (!isAssignee && !isGridStaff) {
      throw forbidden("Only the ticket's assignee (or grid staff, while it waits for dispatch) may ask for 挂账");
    }
    this.assertOpenStep(ticket, ['accepted', ...ASSIGNEE_STATUSES], 'ask for a suspension');
    if (ticket.status === 'accepted' && !isGridStaff) {
      throw forbidden('Only grid staff may ask to suspend a ticket that waits for dispatch');
    }
    if (ticket.status !== 'accepted' && !isAssignee) {
      throw forbidden("Only the ticket's assignee may ask to suspend it");
    }
    return this.createRequest(actor, ticket, new Date(), 'suspension', input.reason, null, {
      type: TIME_REQUEST_EVENTS.suspensionRequested,
      comment: input.reason,
      data: { kind: 'suspension', currentDueAt: ticket.due_at },
    });
  }

  /** A supervisor in scope approves a pending request of the current step. */
  async approve(actor: AuthUser, ticketId: string, requestId: string, note?: string) {
    const { ticket, request } = await this.pendingForDecision(actor, ticketId, requestId, 'approve');
    const clock = await this.clockOf(ticket);
    const now = new Date();
    let row: Record<string, unknown> | undefined;

    if (request.kind === 'extension') {
      const dueAt = request.requested_due_at!;
      if (dueAt <= now) {
        throw stateConflict('The requested due time has already passed: refuse this request', [
          { field: 'requestedDueAt', problem: 'already passed', requestedDueAt: dueAt },
        ]);
      }
      // Not escalated yet: the first escalation is the new due time. Escalated already: the
      // next one is never brought forward by an extension (and none is pending at the top).
      const current = ticket.next_escalation_at;
      let nextEscalationAt: Date | null = dueAt;
      if (ticket.step_escalations > 0) nextEscalationAt = current === null ? null : current > dueAt ? current : dueAt;
      const warnAt = this.warnPoint(clock, ticket.step_started_at, dueAt);
      [row] = await this.write(
        APPROVE_EXTENSION_SQL,
        actor,
        ticket,
        now,
        {
          type: TIME_REQUEST_EVENTS.extensionApproved,
          comment: note ?? null,
          data: { kind: 'extension', dueAt, previousDueAt: ticket.due_at, warnAt, nextEscalationAt },
        },
        ['approved', note ?? null, request.id, dueAt, warnAt, nextEscalationAt],
      );
    } else {
      if (ticket.suspended_at) throw stateConflict('The ticket is already suspended');
      const remainingSeconds = this.remaining(clock, ticket, now);
      [row] = await this.write(
        APPROVE_SUSPENSION_SQL,
        actor,
        ticket,
        now,
        {
          type: TIME_REQUEST_EVENTS.suspended,
          comment: note ?? null,
          data: { kind: 'suspension', remainingSeconds, pausedDueAt: ticket.due_at },
        },
        ['approved', note ?? null, request.id, remainingSeconds],
      );
    }
    return this.afterWrite(actor, row, true);
  }

  /** A supervisor in scope refuses a pending request of the current step; the note says why. */
  async refuse(actor: AuthUser, ticketId: string, requestId: string, note: string) {
    const { ticket, request } = await this.pendingForDecision(actor, ticketId, requestId, 'refuse');
    const [row] = await this.write(
      REFUSE_SQL,
      actor,
      ticket,
      new Date(),
      {
        type:
          request.kind === 'extension' ? TIME_REQUEST_EVENTS.extensionRefused : TIME_REQUEST_EVENTS.suspensionRefused,
        comment: note,
        data: { kind: request.kind },
      },
      ['refused', note, request.id],
    );
    return this.afterWrite(actor, row, false);
  }

  /**
   * Ends an approved suspension of the current step: the clock runs again with the time that
   * was left (the step's escalation count is kept). A supervisor in scope, the assignee or the
   * one who asked for it.
   */
  async resume(actor: AuthUser, ticketId: string, requestId: string) {
    const ticket = await this.ticketInScope(actor, ticketId);
    const request = await this.requestOf(ticket, requestId);
    if (actor.role !== 'supervisor' && actor.id !== ticket.assignee_id && actor.id !== request.requested_by) {
      throw forbidden("Only a supervisor, the ticket's assignee or the requester may resume a suspension");
    }
    const status = effectiveStatus(request, ticket.step_seq);
    if (request.kind !== 'suspension' || status !== 'approved' || !ticket.suspended_at) {
      throw stateConflict(`This request is not an active suspension (${request.kind}, ${status})`, [
        { field: 'status', problem: 'must be an approved suspension of the current step', status, kind: request.kind },
      ]);
    }
    const clock = await this.clockOf(ticket);
    const now = new Date();
    const remaining = ticket.suspended_remaining_seconds;
    let dueAt: Date | null;
    let nextEscalationAt: Date | null;
    if (ticket.step_escalations === 0) {
      dueAt = this.calendar.due(clock, now, remaining ?? 0);
      nextEscalationAt = dueAt;
    } else {
      // Overdue and escalated already: the due time is history; the time left ran to the next escalation.
      dueAt = ticket.due_at;
      nextEscalationAt = remaining === null ? null : this.calendar.due(clock, now, remaining);
    }
    const warnAt = dueAt ? this.warnPoint(clock, ticket.step_started_at, dueAt) : null;
    const [row] = await this.write(
      RESUME_SQL,
      actor,
      ticket,
      now,
      {
        type: TIME_REQUEST_EVENTS.resumed,
        comment: null,
        data: {
          kind: 'suspension',
          dueAt,
          warnAt,
          nextEscalationAt,
          remainingSeconds: remaining,
          suspendedSeconds: Math.round((now.getTime() - ticket.suspended_at.getTime()) / 1000),
        },
      },
      [request.id, dueAt, warnAt, nextEscalationAt],
    );
    return this.afterWrite(actor, row, true);
  }

  private async createRequest(
    actor: AuthUser,
    ticket: TimedTicketRow,
    now: Date,
    kind: TimeRequestKind,
    reason: string,
    requestedDueAt: Date | null,
    event: EventSpec,
  ) {
    if (ticket.suspended_at) throw stateConflict('The ticket is suspended (挂账): resume it first');
    const [pending] = await this.db.query(
      `SELECT id, kind FROM time_request WHERE ticket_id = $1 AND status = 'pending' AND step_seq = $2`,
      [ticket.id, ticket.step_seq],
    );
    if (pending) {
      throw stateConflict('The ticket already has a pending request', [
        { field: 'ticket', problem: 'one pending request at a time', requestId: pending.id, kind: pending.kind },
      ]);
    }
    // Requests of earlier steps are over (a transition does not touch them): mark them, so the
    // one-pending-per-ticket index only counts the current step.
    await this.db.query(
      `UPDATE time_request SET status = 'ended', ended_at = now()
       WHERE ticket_id = $1 AND status IN ('pending', 'approved') AND step_seq <> $2`,
      [ticket.id, ticket.step_seq],
    );
    let rows: Record<string, unknown>[];
    try {
      rows = await this.write(REQUEST_SQL, actor, ticket, now, event, [ticket.status, kind, reason, requestedDueAt]);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw stateConflict('The ticket already has a pending request');
      }
      throw err;
    }
    return this.afterWrite(actor, rows[0], false);
  }

  /** Runs one change statement with the shared parameters $1–$11 followed by `extra`. */
  private write(
    sql: string,
    actor: AuthUser,
    ticket: TimedTicketRow,
    now: Date,
    event: EventSpec,
    extra: unknown[],
  ): Promise<Record<string, unknown>[]> {
    return this.db.query(sql, [
      ticket.id,
      ticket.step_seq,
      ticket.version,
      now,
      event.type,
      actor.id,
      actor.role,
      actor.displayName,
      event.comment,
      JSON.stringify(event.data),
      OUTBOX_TICKET_EVENT,
      ...extra,
    ]);
  }

  /** The request and the updated ticket; the step's timers rescheduled when its deadlines moved. */
  private async afterWrite(actor: AuthUser, row: Record<string, unknown> | undefined, deadlinesMoved: boolean) {
    if (!row) throw stateConflict('The ticket was changed by someone else meanwhile; reload it and try again');
    const ticketId = row.id as string;
    if (deadlinesMoved) await this.reschedule(ticketId);
    const [request]: TimeRequestRow[] = await this.db.query(`${TIME_REQUEST_SELECT} WHERE tr.id = $1`, [
      row.request_id,
    ]);
    return { ...timeRequestView(request, row.step_seq as number), ticket: this.tickets.viewRow(actor, row) };
  }

  /**
   * The step's deadlines moved: arm them again. Timer job ids carry their due time, so the new
   * times are new jobs; the old ones wake, find the row moved on and do nothing (or re-arm).
   * Should this fail, the worker's sweeper still fires what PostgreSQL says is due.
   */
  private async reschedule(ticketId: string) {
    try {
      await this.deadlines.arm(ticketId);
    } catch (err) {
      this.logger.warn(`re-arming the timers of ticket ${ticketId} failed (the sweeper will catch up): ${String(err)}`);
    }
  }

  private async pendingForDecision(actor: AuthUser, ticketId: string, requestId: string, verb: string) {
    const ticket = await this.ticketInScope(actor, ticketId);
    const request = await this.requestOf(ticket, requestId);
    if (actor.role !== 'supervisor') throw forbidden(`Only a supervisor may ${verb} a time request`);
    const status = effectiveStatus(request, ticket.step_seq);
    if (status !== 'pending') {
      throw stateConflict(
        status === 'ended'
          ? `This request is over: the ticket has moved on to another step`
          : `This request is already ${status}`,
        [{ field: 'status', problem: 'must be pending', status }],
      );
    }
    return { ticket, request };
  }

  private assertOpenStep(ticket: TimedTicketRow, statuses: string[], what: string) {
    if (!statuses.includes(ticket.status)) {
      throw stateConflict(`Cannot ${what} on a ticket that is ${ticket.status}`, [
        { field: 'status', problem: `needs status ${statuses.join(' or ')}`, status: ticket.status },
      ]);
    }
  }

  /** The ticket if its grid is in the caller's scope; 404 otherwise. */
  private async ticketInScope(actor: AuthUser, id: string): Promise<TimedTicketRow> {
    const [row]: TimedTicketRow[] = isUuid(id) ? await this.db.query(`SELECT * FROM ticket WHERE id = $1`, [id]) : [];
    if (!row || !inScope(actor.scopeCode, row.grid_code)) throw notFound('Ticket');
    return row;
  }

  private async requestOf(ticket: TimedTicketRow, requestId: string): Promise<TimeRequestRow> {
    const [row]: TimeRequestRow[] = isUuid(requestId)
      ? await this.db.query(`${TIME_REQUEST_SELECT} WHERE tr.id = $1 AND tr.ticket_id = $2`, [requestId, ticket.id])
      : [];
    if (!row) throw notFound('Time request');
    return row;
  }

  private async clockOf(ticket: TimedTicketRow): Promise<Clock> {
    const item = await this.catalog.item(ticket.item_code);
    if (!item) throw new Error(`ticket ${ticket.id} refers to a missing item ${ticket.item_code}`);
    return item.clock;
  }

  /**
   * What is left of the step in the item's clock: up to the due time, or — once the step has
   * escalated — up to its next escalation (null at the top, where nothing is pending). Whole
   * seconds, rounded up: a suspension never takes time away from the step.
   */
  private remaining(clock: Clock, ticket: TimedTicketRow, now: Date): number | null {
    const until = ticket.step_escalations === 0 ? ticket.due_at : ticket.next_escalation_at;
    if (!until) return null;
    const whole = this.calendar.elapsed(clock, now, until);
    return this.calendar.due(clock, now, whole) < until ? whole + 1 : whole;
  }

  /** 黄灯 at 80 % of the way from the step's start to its (new) due time, in the item's clock. */
  private warnPoint(clock: Clock, start: Date, dueAt: Date): Date {
    return this.calendar.due(clock, start, this.calendar.elapsed(clock, start, dueAt) * WARNING_FRACTION);
  }
}
