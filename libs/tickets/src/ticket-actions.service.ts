import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import {
  type AuthUser,
  decideTransition,
  inScope,
  invalidField,
  stateConflict,
  type TicketAction,
  type TicketStatus,
  type TransitionBody,
  isUuid,
} from '@gridflow/domain';
import { AttachmentsService } from './attachments.service.js';
import { type Satisfaction, Ticket } from './ticket.entity.js';
import { TicketSealService } from './ticket-seal.service.js';
import { OUTBOX_TICKET_EVENT, ticketFromRow, TicketsService } from './tickets.service.js';

export interface ActionBody extends TransitionBody {
  /** comments: the text */
  text?: string;
  attachmentIds?: string[];
  satisfaction?: Satisfaction;
  callbackNote?: string;
  /** verify: was the resident reached by phone (回访); a satisfaction needs it */
  callbackReached?: boolean;
}

const TRANSITION_SQL = `
  WITH moved AS (
    UPDATE ticket SET
      status = CASE WHEN $21 THEN status ELSE $3 END,
      assignee_id = CASE WHEN $21 THEN assignee_id ELSE $4 END,
      level = CASE WHEN $21 THEN level ELSE $5 END,
      rework_count = CASE WHEN $21 THEN rework_count ELSE $6 END,
      step_started_at = CASE WHEN $7 THEN $8::timestamptz ELSE step_started_at END,
      -- A new step: its own deadlines, its own escalation count, and old timers become no-ops.
      due_at = CASE WHEN $7 THEN $9 ELSE due_at END,
      warn_at = CASE WHEN $7 THEN $22 ELSE warn_at END,
      next_escalation_at = CASE WHEN $7 THEN $9 ELSE next_escalation_at END,
      step_seq = CASE WHEN $7 THEN last_seq + 1 ELSE step_seq END,
      step_escalations = CASE WHEN $7 THEN 0 ELSE step_escalations END,
      -- 挂账 ends with the step it paused (its requests are then past: time_request.step_seq differs).
      suspended_at = CASE WHEN $7 THEN NULL ELSE suspended_at END,
      suspended_remaining_seconds = CASE WHEN $7 THEN NULL ELSE suspended_remaining_seconds END,
      warning = warning AND NOT $7, overdue = overdue AND NOT $7,
      escalations = escalations + $10, satisfaction = COALESCE($11, satisfaction),
      last_seq = last_seq + 1, version = version + 1, updated_at = $8
    WHERE id = $1 AND status = $2 AND ($12::int IS NULL OR version = $12)
    RETURNING *
  ), event AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, actor_id, actor_role, actor_name, from_status, to_status, comment, data, attachments)
    SELECT id, last_seq, $13, $8, $14, $15, $16, $2, $3, $17, $18::jsonb, $19::uuid[] FROM moved
  ), outbox_row AS (
    INSERT INTO outbox (topic, payload)
    SELECT $20, jsonb_build_object('ticketId', id, 'seq', last_seq, 'type', $13::text, 'fromStatus', $2::text,
                                   'toStatus', $3::text, 'level', level, 'gridCode', grid_code)
    FROM moved
  ), linked AS (
    INSERT INTO ticket_attachment (ticket_id, attachment_id)
    SELECT moved.id, a FROM moved, unnest($19::uuid[]) a ON CONFLICT DO NOTHING
  ), supervised AS (
    -- 报大事: a manual escalation is a 督办 record like an automatic one.
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason, actor_id)
    SELECT id, step_seq, escalations, 'manual', status, $24, level, $23, $14 FROM moved WHERE $10 = 1
  )
  SELECT moved.*, u.display_name AS assignee_name FROM moved LEFT JOIN app_user u ON u.id = moved.assignee_id`;

const HANDLER_ROLES = ['party_member', 'grid_worker'];

/**
 * The one writer of ticket transitions (libs/domain/src/ticket-flow.ts decides; this
 * applies). Each action is one transaction: a compare-and-set UPDATE on the status the
 * decision was made from, one timeline event, one outbox row. Zero rows updated means
 * someone else moved the ticket first → 409, and nothing is written.
 */
@Injectable()
export class TicketActionsService {
  private readonly logger = new Logger('TicketActionsService');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly attachments: AttachmentsService,
    private readonly catalog: CatalogService,
    private readonly sealer: TicketSealService,
  ) {}

  async act(actor: AuthUser, id: string, action: TicketAction, body: ActionBody) {
    const ticket = await this.tickets.findInScope(actor, id);
    const item = await this.catalog.item(ticket.itemCode);
    if (!item) throw new Error(`ticket ${ticket.id} refers to a missing item ${ticket.itemCode}`);
    const decision = decideTransition({
      status: ticket.status as TicketStatus,
      action,
      actor,
      ticket: { assigneeId: ticket.assigneeId, tier: item.tier, level: ticket.level, reworkCount: ticket.reworkCount },
      body: { ...body, comment: action === 'comment' ? body.text : body.comment },
    });
    // A callback that reached the resident says how satisfied they were (督查 that means it).
    if (action === 'verify' && body.callbackReached === true && !body.satisfaction)
      throw invalidField('satisfaction', 'required when the callback reached the resident (callbackReached: true)');
    if (action === 'verify' && body.satisfaction && body.callbackReached === false)
      throw invalidField('satisfaction', 'only when the callback reached the resident (callbackReached: true)');
    if (action === 'dispatch') await this.assertHandler(ticket, body.assigneeId!);
    if (action === 'reject' && body.reason === 'duplicate')
      await this.assertDuplicateOf(actor, ticket, body.duplicateOf!);
    const attachmentIds =
      action === 'resolve' || action === 'comment'
        ? await this.attachments.assertLinkable(actor.id, body.attachmentIds)
        : [];

    const moved = decision.to !== decision.from;
    const now = new Date();
    const schedule = moved ? this.tickets.scheduleFor(item, ticket.urgent, decision.to, now) : null;
    const comment =
      action === 'comment' ? body.text : (body.comment ?? body.reason ?? body.result ?? body.callbackNote);
    // One statement, so one implicit transaction: the compare-and-set update, the timeline
    // event, the outbox row and the attachment links commit together or not at all.
    const [row] = await this.db.query(TRANSITION_SQL, [
      ticket.id,
      decision.from,
      decision.to,
      decision.assigneeId,
      decision.level,
      decision.reworkCount,
      moved,
      now,
      schedule?.dueAt ?? null,
      action === 'escalate' ? 1 : 0,
      action === 'verify' ? (body.satisfaction ?? null) : null,
      // The decision was taken on this version: any change since (a decline and a new
      // dispatch, an escalation) makes it stale → 409. A comment changes nothing it read,
      // so it only needs the status to still allow comments.
      action === 'comment' ? null : ticket.version,
      decision.eventType,
      actor.id,
      actor.role,
      actor.displayName,
      comment ?? null,
      // A new step's due time rides on the event that starts it: the timeline alone says whether each step was on time.
      JSON.stringify({ ...eventData(action, body, ticket, decision), ...(schedule ? { dueAt: schedule.dueAt } : {}) }),
      attachmentIds,
      OUTBOX_TICKET_EVENT,
      action === 'comment',
      schedule?.warnAt ?? null,
      action === 'escalate' ? body.reason : null,
      ticket.level,
    ]);
    if (!row) throw stateConflict('The ticket was changed by someone else meanwhile; reload it and try again');
    // 归档封存: the archive stands whatever happens here; the worker's sweeper seals what this missed.
    if (action === 'archive') {
      await this.sealer
        .seal(ticket.id)
        .catch((err) => this.logger.error(`sealing ticket ${ticket.id}: ${String(err)}`));
    }
    return this.tickets.viewRow(actor, row);
  }

  /**
   * Auto-dispatch (a community's setting): nobody dispatched the accepted ticket in time, so
   * the top-ranked candidate is assigned by the system. A no-op ('stale') if the ticket left
   * that step meanwhile. The timeline says `auto_dispatched`, with no human actor.
   */
  async autoDispatch(ticketId: string, stepSeq: number, assigneeId: string, data: Record<string, unknown>) {
    const [row] = await this.db.query(`SELECT * FROM ticket WHERE id = $1`, [ticketId]);
    if (!row || row.status !== 'accepted' || row.step_seq !== stepSeq) return 'stale' as const;
    const ticket = ticketFromRow(row);
    const item = await this.catalog.item(ticket.itemCode);
    if (!item) return 'stale' as const;
    await this.assertHandler(ticket, assigneeId);
    const now = new Date();
    const schedule = this.tickets.scheduleFor(item, ticket.urgent, 'dispatched', now);
    const [moved] = await this.db.query(TRANSITION_SQL, [
      ticket.id,
      'accepted',
      'dispatched',
      assigneeId,
      ticket.level,
      ticket.reworkCount,
      true,
      now,
      schedule?.dueAt ?? null,
      0,
      null,
      ticket.version,
      'auto_dispatched',
      null,
      null,
      null,
      '无人派单，系统按推荐自动派单',
      JSON.stringify({ assigneeId, ...data, dueAt: schedule?.dueAt ?? null }),
      [],
      OUTBOX_TICKET_EVENT,
      false,
      schedule?.warnAt ?? null,
      null,
      ticket.level,
    ]);
    return moved ? ('dispatched' as const) : ('stale' as const);
  }

  /** A dispatch goes to a party member or grid worker whose scope covers the ticket's grid. */
  private async assertHandler(ticket: Ticket, assigneeId: string) {
    const [user] = isUuid(assigneeId)
      ? await this.db.query(`SELECT role, scope_code, disabled_at FROM app_user WHERE id = $1`, [assigneeId])
      : [];
    if (!user || user.disabled_at || !HANDLER_ROLES.includes(user.role) || !inScope(user.scope_code, ticket.gridCode)) {
      throw invalidField(
        'assigneeId',
        "must be an active party member or grid worker whose scope covers the ticket's grid",
      );
    }
  }

  private async assertDuplicateOf(actor: AuthUser, ticket: Ticket, duplicateOf: string) {
    const original = isUuid(duplicateOf) ? await this.db.manager.findOneBy(Ticket, { id: duplicateOf }) : null;
    if (!original || original.id === ticket.id || !inScope(actor.scopeCode, original.gridCode)) {
      throw invalidField('duplicateOf', 'must be another ticket in your scope');
    }
  }
}

function eventData(
  action: TicketAction,
  body: ActionBody,
  ticket: Ticket,
  decision: { level: string; assigneeId: string | null; reworkCount: number },
): Record<string, unknown> {
  switch (action) {
    case 'accept':
      return body.handleSelf ? { handleSelf: true } : {};
    case 'dispatch':
      return { assigneeId: decision.assigneeId };
    case 'decline':
      return { reason: body.reason, previousAssigneeId: ticket.assigneeId };
    case 'resolve':
      return { result: body.result };
    case 'verify':
      return {
        outcome: body.outcome,
        satisfaction: body.satisfaction ?? null,
        callbackNote: body.callbackNote ?? null,
        // Not said but a satisfaction given: the resident was reached (older clients send no flag).
        callbackReached: body.callbackReached ?? (body.satisfaction ? true : null),
        ...(body.outcome === 'rework' ? { reworkCount: decision.reworkCount } : {}),
      };
    case 'reject':
      return { reason: body.reason, duplicateOf: body.duplicateOf ?? null, department: body.department ?? null };
    case 'escalate':
      return { reason: body.reason, manual: true, fromLevel: ticket.level, toLevel: decision.level };
    default:
      return {};
  }
}
