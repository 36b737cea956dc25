import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService, WorkingCalendarService } from '@gridflow/catalog';
import {
  type AuthUser,
  type Clock,
  forbidden,
  seesTicket,
  invalidField,
  notFound,
  stateConflict,
  type TicketEventType,
  type TicketStatus,
  WARNING_FRACTION,
  isUuid,
  mayEverAskForTime,
  mayAskForTime,
  mayResume,
  TIME_REQUEST_DECIDERS,
  TIME_REQUEST_EVENTS,
  TIME_REQUEST_RULES,
  timeRequestStatuses,
  type TimeRequestKind,
  type TimeRequestStatus,
} from '@gridflow/domain';
import { DeadlinesService } from './deadlines.service.js';
import {
  type TicketChanges,
  TicketJournal,
  type TimeRequestRowChange,
  type WrittenTicketRow,
} from './ticket-journal.js';
import type { TicketRow } from './ticket-rows.js';
import { TicketsService } from './tickets.service.js';
import { isUniqueViolation } from '@gridflow/database';

/** The `ticket` columns these rules read. */
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

interface EventSpec {
  type: TicketEventType;
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
    private readonly journal: TicketJournal,
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
    const rule = TIME_REQUEST_RULES.extension;
    if (!mayEverAskForTime('extension', actor, ticket.assignee_id)) {
      throw forbidden("Only the ticket's assignee may ask for an extension");
    }
    this.assertOpenStep(ticket, timeRequestStatuses('extension'), 'ask for an extension');
    const now = new Date();
    if (rule.beforeDue && (!ticket.due_at || ticket.due_at <= now)) {
      throw stateConflict('The step is already due: an extension must be asked for before the due time', [
        { field: 'dueAt', problem: 'already passed', dueAt: ticket.due_at },
      ]);
    }
    if (ticket.due_at && input.requestedDueAt <= ticket.due_at) {
      throw invalidField('requestedDueAt', `must be after the current due time ${ticket.due_at.toISOString()}`);
    }
    const maxDays = rule.maxDaysAhead;
    if (maxDays !== undefined && input.requestedDueAt.getTime() > now.getTime() + maxDays * 86_400_000) {
      throw invalidField('requestedDueAt', `must be within ${maxDays} days from now`);
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
    if (!mayEverAskForTime('suspension', actor, ticket.assignee_id)) {
      throw forbidden("Only the ticket's assignee (or grid staff, while it waits for dispatch) may ask for 挂账");
    }
    this.assertOpenStep(ticket, timeRequestStatuses('suspension'), 'ask for a suspension');
    if (!mayAskForTime('suspension', { status: ticket.status, assigneeId: ticket.assignee_id }, actor)) {
      throw forbidden(
        TIME_REQUEST_RULES.suspension.ask[ticket.status] === 'assignee'
          ? "Only the ticket's assignee may ask to suspend it"
          : 'Only grid staff may ask to suspend a ticket that waits for dispatch',
      );
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
    let row: WrittenTicketRow | undefined;

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
      // 延期 approved: the step's new due time, its warning point and its next escalation; the
      // lights stay on only where the new times have passed already.
      row = await this.write(
        actor,
        ticket,
        now,
        {
          type: TIME_REQUEST_EVENTS.extensionApproved,
          comment: note ?? null,
          data: { kind: 'extension', dueAt, previousDueAt: ticket.due_at, warnAt, nextEscalationAt },
        },
        { op: 'decide', requestId: request.id, status: 'approved', decidedBy: actor.id, note: note ?? null },
        {
          dueAt,
          warnAt,
          nextEscalationAt,
          warning: ticket.warning && warnAt <= now,
          overdue: ticket.overdue && dueAt <= now,
        },
        false,
      );
    } else {
      if (ticket.suspended_at) throw stateConflict('The ticket is already suspended');
      const remainingSeconds = this.remaining(clock, ticket, now);
      // 挂账 approved: the clock stops; no timer fires while warn_at and next_escalation_at are NULL.
      row = await this.write(
        actor,
        ticket,
        now,
        {
          type: TIME_REQUEST_EVENTS.suspended,
          comment: note ?? null,
          data: { kind: 'suspension', remainingSeconds, pausedDueAt: ticket.due_at },
        },
        { op: 'decide', requestId: request.id, status: 'approved', decidedBy: actor.id, note: note ?? null },
        { suspension: { remainingSeconds }, warnAt: null, nextEscalationAt: null },
        false,
      );
    }
    return this.afterWrite(actor, row, true);
  }

  /** A supervisor in scope refuses a pending request of the current step; the note says why. */
  async refuse(actor: AuthUser, ticketId: string, requestId: string, note: string) {
    const { ticket, request } = await this.pendingForDecision(actor, ticketId, requestId, 'refuse');
    const row = await this.write(
      actor,
      ticket,
      new Date(),
      {
        type:
          request.kind === 'extension' ? TIME_REQUEST_EVENTS.extensionRefused : TIME_REQUEST_EVENTS.suspensionRefused,
        comment: note,
        data: { kind: request.kind },
      },
      { op: 'decide', requestId: request.id, status: 'refused', decidedBy: actor.id, note },
      {},
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
    if (!mayResume(actor, { assigneeId: ticket.assignee_id }, { requestedBy: request.requested_by })) {
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
    // Resumed: the clock runs again with the time that was left; the request is over.
    const row = await this.write(
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
      { op: 'end-suspension', requestId: request.id },
      {
        dueAt,
        warnAt,
        nextEscalationAt,
        warning: ticket.warning && (warnAt === null || warnAt <= now),
        overdue: ticket.overdue && (dueAt === null || dueAt <= now),
        suspension: null,
      },
      true,
    );
    return this.afterWrite(actor, row, true);
  }

  private async createRequest(
    actor: AuthUser,
    ticket: TicketRow,
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
    let row: WrittenTicketRow | undefined;
    try {
      row = await this.write(
        actor,
        { ...ticket, expectStatus: ticket.status },
        now,
        event,
        { op: 'insert', kind, reason, requestedDueAt, requestedBy: actor.id },
        {},
        false,
      );
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw stateConflict('The ticket already has a pending request');
      }
      throw err;
    }
    return this.afterWrite(actor, row, false);
  }

  /**
   * One statement through the journal: lock the ticket if it is still on the step and version
   * that were read (and, with `suspended`, paused or not), write the request row, change the
   * ticket, append the timeline event and its outbox row. Nothing back: someone acted first.
   */
  private write(
    actor: AuthUser,
    ticket: TicketRow & { expectStatus?: TicketStatus },
    now: Date,
    event: EventSpec,
    request: TimeRequestRowChange,
    changes: TicketChanges,
    suspended?: boolean,
  ) {
    return this.journal.write({
      expect: {
        id: ticket.id,
        stepSeq: ticket.step_seq,
        version: ticket.version,
        ...(ticket.expectStatus ? { status: ticket.expectStatus } : {}),
        ...(suspended === undefined ? {} : { suspended }),
      },
      gate: { table: 'time_request', row: request },
      changes,
      at: now,
      event: { ...event, actor },
    });
  }

  /** The request and the updated ticket; the step's timers rescheduled when its deadlines moved. */
  private async afterWrite(actor: AuthUser, row: WrittenTicketRow | undefined, deadlinesMoved: boolean) {
    if (!row) throw stateConflict('The ticket was changed by someone else meanwhile; reload it and try again');
    const ticketId = row.id;
    if (deadlinesMoved) await this.reschedule(ticketId);
    const [request]: TimeRequestRow[] = await this.db.query(`${TIME_REQUEST_SELECT} WHERE tr.id = $1`, [
      row.request_id,
    ]);
    return { ...timeRequestView(request, row.step_seq), ticket: this.tickets.viewRow(actor, row) };
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
    if (!TIME_REQUEST_DECIDERS.includes(actor.role)) throw forbidden(`Only a supervisor may ${verb} a time request`);
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

  private assertOpenStep(ticket: TicketRow, statuses: string[], what: string) {
    if (!statuses.includes(ticket.status)) {
      throw stateConflict(`Cannot ${what} on a ticket that is ${ticket.status}`, [
        { field: 'status', problem: `needs status ${statuses.join(' or ')}`, status: ticket.status },
      ]);
    }
  }

  /** The ticket if its grid is in the caller's scope; 404 otherwise. */
  private async ticketInScope(actor: AuthUser, id: string): Promise<TicketRow> {
    const [row]: TicketRow[] = isUuid(id) ? await this.db.query(`SELECT * FROM ticket WHERE id = $1`, [id]) : [];
    if (
      !row ||
      !seesTicket(actor, { gridCode: row.grid_code, orgCode: row.org_code, departmentCode: row.department_code })
    ) {
      throw notFound('Ticket');
    }
    return row;
  }

  private async requestOf(ticket: TicketRow, requestId: string): Promise<TimeRequestRow> {
    const [row]: TimeRequestRow[] = isUuid(requestId)
      ? await this.db.query(`${TIME_REQUEST_SELECT} WHERE tr.id = $1 AND tr.ticket_id = $2`, [requestId, ticket.id])
      : [];
    if (!row) throw notFound('Time request');
    return row;
  }

  private async clockOf(ticket: TicketRow): Promise<Clock> {
    const item = await this.catalog.item(ticket.item_code);
    if (!item) throw new Error(`ticket ${ticket.id} refers to a missing item ${ticket.item_code}`);
    return item.clock;
  }

  /**
   * What is left of the step in the item's clock: up to the due time, or — once the step has
   * escalated — up to its next escalation (null at the top, where nothing is pending). Whole
   * seconds, rounded up: a suspension never takes time away from the step.
   */
  private remaining(clock: Clock, ticket: TicketRow, now: Date): number | null {
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
