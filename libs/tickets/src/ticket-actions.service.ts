import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CatalogService } from '@gridflow/catalog';
import {
  type AuthUser,
  decideTransition,
  DomainException,
  seesTicket,
  departmentCovers,
  inScope,
  invalidField,
  isEligibleHandler,
  type HandlerFacts,
  stateConflict,
  SYSTEM_ACTOR,
  type TicketAction,
  type TransitionBody,
  isUuid,
  ACTIONS_NEEDING_A_GRID,
  forbidden,
  levelAfterLocating,
  LOCATING_ROLES,
  OPEN_STATUSES,
  ticketUnit,
} from '@gridflow/domain';
import { Grid } from '@gridflow/org';
import { AttachmentsService } from './attachments.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { type Satisfaction, Ticket } from './ticket.entity.js';
import { TicketSealService } from './ticket-seal.service.js';
import { TicketJournal } from './ticket-journal.js';
import { ticketFromRow, type TicketRow } from './ticket-rows.js';
import { TicketsService } from './tickets.service.js';
import { TicketRowCache } from './ticket-row-cache.js';

/** POST /tickets/:id/locate: exactly one of the two. */
export interface LocateBody {
  gridCode?: string | null;
  location?: { lng: number; lat: number } | null;
}

export interface ActionBody extends TransitionBody {
  /** comments: the text */
  text?: string;
  attachmentIds?: string[];
  satisfaction?: Satisfaction;
  callbackNote?: string;
  /** verify: was the resident reached by phone (回访); a satisfaction needs it */
  callbackReached?: boolean;
}

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
    private readonly journal: TicketJournal,
    private readonly idempotency: IdempotencyService,
    private readonly rowCache: TicketRowCache,
  ) {}

  /**
   * A single action with an `Idempotency-Key` (the phone's offline outbox sends one with every
   * comment and claim): a repeat with the same key, ticket, action and body replays the first
   * answer and writes nothing; the same key for anything else → 422 IDEMPOTENCY_KEY_REUSED; a
   * repeat while the first still runs → 409. Keys are the caller's own (per user).
   */
  actOnce(actor: AuthUser, id: string, action: TicketAction, body: ActionBody, idempotencyKey?: string) {
    return this.idempotency.once(this.db, `user:${actor.id}`, idempotencyKey, { ticket: id, action, body }, () =>
      this.act(actor, id, action, body),
    );
  }

  async act(actor: AuthUser, id: string, action: TicketAction, body: ActionBody) {
    // The row this process last wrote, if it has it (ticket-row-cache.ts): decided on, and
    // written only if the ticket is still at that version; otherwise read afresh and decided again.
    const cached = this.rowCache.get(id);
    if (cached) {
      const ticket = ticketFromRow(cached);
      const done = seesTicket(actor, ticket) ? await this.actOn(actor, ticket, action, body, true) : null;
      if (done) return done;
      this.rowCache.forget(id);
    }
    const ticket = await this.tickets.findInScope(actor, id);
    return (await this.actOn(actor, ticket, action, body, false))!;
  }

  /**
   * Decides and writes the action on `ticket`. From the cache (`fromCache`), a refusal or a
   * version that moved on returns null (the caller reads the row and tries again), and even a
   * comment is written only at the cached version.
   */
  private async actOn(actor: AuthUser, ticket: Ticket, action: TicketAction, body: ActionBody, fromCache: boolean) {
    let checked: Awaited<ReturnType<TicketActionsService['check']>>;
    try {
      checked = await this.check(actor, ticket, action, body);
    } catch (err) {
      if (fromCache && err instanceof DomainException) return null;
      throw err;
    }
    const { item, decision, departmentName, attachmentIds } = checked;
    const moved = decision.to !== decision.from;
    const now = new Date();
    const schedule = moved ? this.tickets.scheduleFor(item, ticket.urgent, decision.to, now) : null;
    const comment =
      action === 'comment' ? body.text : (body.comment ?? body.reason ?? body.result ?? body.callbackNote);
    const isComment = action === 'comment';
    const row = await this.journal.write({
      expect: {
        id: ticket.id,
        status: decision.from,
        // The decision was taken on this version: any change since (a decline and a new
        // dispatch, an escalation) makes it stale → 409. A comment changes nothing it read,
        // so it only needs the status to still allow comments — unless it was decided on a
        // cached row, which holds only at its own version.
        version: isComment && !fromCache ? null : ticket.version,
      },
      changes: isComment
        ? {}
        : {
            status: decision.to,
            assigneeId: decision.assigneeId,
            departmentCode: decision.departmentCode,
            level: decision.level,
            reworkCount: decision.reworkCount,
            ...(action === 'escalate' ? { escalationsAdded: 1 } : {}),
            ...(action === 'verify' && body.satisfaction ? { satisfaction: body.satisfaction } : {}),
            ...(moved ? { newStep: { dueAt: schedule?.dueAt ?? null, warnAt: schedule?.warnAt ?? null } } : {}),
          },
      at: now,
      event: {
        type: decision.eventType,
        actor,
        comment: comment ?? null,
        // A new step's due time rides on the event that starts it: the timeline alone says whether each step was on time.
        data: {
          ...eventData(action, body, ticket, decision),
          ...(departmentName ? { departmentName } : {}),
          ...(schedule ? { dueAt: schedule.dueAt } : {}),
        },
        attachments: attachmentIds,
      },
      linkAttachments: true,
      // 报大事: a manual escalation is a 督办 record like an automatic one.
      supervision:
        action === 'escalate'
          ? { kind: 'manual', reason: body.reason!, fromLevel: ticket.level, actorId: actor.id }
          : undefined,
    });
    if (!row) {
      if (fromCache) return null;
      throw stateConflict('The ticket was changed by someone else meanwhile; reload it and try again');
    }
    this.rowCache.remember(row);
    // 归档封存: the archive stands whatever happens here; the worker's sweeper seals what this missed.
    if (action === 'archive') {
      await this.sealer
        .seal(ticket.id)
        .catch((err) => this.logger.error(`sealing ticket ${ticket.id}: ${String(err)}`));
    }
    return this.tickets.viewRow(actor, row);
  }

  /** What the flow and the rules say about `action` on `ticket` (reads only; throws a refusal). */
  private async check(actor: AuthUser, ticket: Ticket, action: TicketAction, body: ActionBody) {
    // 待定位: an unlocated request is placed first; meanwhile it can be rejected, escalated, commented on.
    if (!ticket.gridCode && ACTIONS_NEEDING_A_GRID.includes(action)) {
      throw stateConflict('This request has no grid yet (待定位): place it first with POST /tickets/:id/locate', [
        { field: 'gridCode', problem: 'unlocated' },
      ]);
    }
    const item = await this.catalog.item(ticket.itemCode);
    if (!item) throw new Error(`ticket ${ticket.id} refers to a missing item ${ticket.itemCode}`);
    const decision = decideTransition({
      status: ticket.status,
      action,
      actor,
      ticket: {
        assigneeId: ticket.assigneeId,
        departmentCode: ticket.departmentCode,
        tier: item.tier,
        level: ticket.level,
        reworkCount: ticket.reworkCount,
      },
      body: { ...body, comment: action === 'comment' ? body.text : body.comment },
    });
    // A callback that reached the resident says how satisfied they were (督查 that means it).
    if (action === 'verify' && body.callbackReached === true && !body.satisfaction)
      throw invalidField('satisfaction', 'required when the callback reached the resident (callbackReached: true)');
    if (action === 'verify' && body.satisfaction && body.callbackReached === false)
      throw invalidField('satisfaction', 'only when the callback reached the resident (callbackReached: true)');
    // 职能部门: the department's name rides on the dispatch event, as the timeline shows it
    const departmentName =
      action === 'dispatch' && decision.departmentCode
        ? await this.assertDepartment(ticket, decision.departmentCode)
        : undefined;
    if (action === 'dispatch' && !decision.departmentCode) await this.assertHandler(ticket, body.assigneeId!);
    if (action === 'reject' && body.reason === 'duplicate')
      await this.assertDuplicateOf(actor, ticket, body.duplicateOf!);
    const attachmentIds =
      action === 'resolve' || action === 'comment'
        ? await this.attachments.assertLinkable(actor.id, body.attachmentIds)
        : [];
    return { item, decision, departmentName, attachmentIds };
  }

  /**
   * Auto-dispatch (a community's setting): nobody dispatched the accepted ticket in time, so
   * the top-ranked candidate is assigned by the system. A no-op ('stale') if the ticket left
   * that step meanwhile. The timeline says `auto_dispatched`, with no human actor.
   */
  async autoDispatch(ticketId: string, stepSeq: number, assigneeId: string, data: Record<string, unknown>) {
    const [row]: (TicketRow | undefined)[] = await this.db.query(`SELECT * FROM ticket WHERE id = $1`, [ticketId]);
    if (!row || row.status !== 'accepted' || row.step_seq !== stepSeq) return 'stale' as const;
    const ticket = ticketFromRow(row);
    const item = await this.catalog.item(ticket.itemCode);
    if (!item) return 'stale' as const;
    await this.assertHandler(ticket, assigneeId);
    // The flow decides, as for a dispatcher: the system may dispatch an accepted ticket.
    const decision = decideTransition({
      status: ticket.status,
      action: 'dispatch',
      actor: SYSTEM_ACTOR,
      ticket: { assigneeId: ticket.assigneeId, tier: item.tier, level: ticket.level, reworkCount: ticket.reworkCount },
      body: { assigneeId },
    });
    const now = new Date();
    const schedule = this.tickets.scheduleFor(item, ticket.urgent, decision.to, now);
    const moved = await this.journal.write({
      expect: { id: ticket.id, status: decision.from, version: ticket.version },
      changes: {
        status: decision.to,
        assigneeId: decision.assigneeId,
        level: decision.level,
        reworkCount: decision.reworkCount,
        newStep: { dueAt: schedule?.dueAt ?? null, warnAt: schedule?.warnAt ?? null },
      },
      at: now,
      event: {
        type: decision.eventType,
        actor: null,
        comment: '无人派单，系统按推荐自动派单',
        data: { assigneeId, ...data, dueAt: schedule?.dueAt ?? null },
      },
    });
    return moved ? ('dispatched' as const) : ('stale' as const);
  }

  /**
   * 待定位 → placed: an unlocated request gets its grid (named, or the one containing a point,
   * by the in-memory locate index), in the caller's scope. Its time limits keep running from
   * the filing; its level becomes the grid's unless it has been escalated already. The timeline
   * says `located`; the flow then runs as for any ticket of the grid.
   */
  async locate(actor: AuthUser, id: string, body: LocateBody) {
    if (!(LOCATING_ROLES as readonly string[]).includes(actor.role)) {
      throw forbidden('Only dispatchers and admins place unlocated requests');
    }
    const hasGrid = body.gridCode !== undefined && body.gridCode !== null;
    const hasPoint = body.location !== undefined && body.location !== null;
    if (hasGrid === hasPoint) {
      throw invalidField(hasGrid ? 'location' : 'gridCode', 'exactly one of gridCode and location is required');
    }
    const ticket = await this.tickets.findInScope(actor, id);
    if (ticket.gridCode) {
      throw stateConflict(`This request is located already (grid ${ticket.gridCode})`, [
        { field: 'gridCode', problem: 'already located' },
      ]);
    }
    if (!(OPEN_STATUSES as readonly string[]).includes(ticket.status)) {
      throw stateConflict(`A ${ticket.status} request is no longer placed`);
    }
    let gridCode: string;
    let point: { lng: number; lat: number } | null = null;
    if (hasGrid) {
      const grid = await this.db.manager.findOneBy(Grid, { code: body.gridCode! });
      if (!grid || !inScope(actor.scopeCode, grid.code)) throw invalidField('gridCode', 'no such grid in your scope');
      if (grid.status !== 'active') throw invalidField('gridCode', 'this grid is retired');
      gridCode = grid.code;
    } else {
      point = { lng: body.location!.lng, lat: body.location!.lat };
      gridCode = this.tickets.gridOfPoint(actor, point, 'location');
    }
    const level = levelAfterLocating(ticket);
    const row = await this.journal.write({
      expect: { id: ticket.id, version: ticket.version, unlocated: true },
      changes: { located: { gridCode, point }, level },
      event: {
        type: 'located',
        actor,
        data: {
          gridCode,
          fromOrgCode: ticket.orgCode,
          by: hasGrid ? 'grid' : 'point',
          ...(point ? { lng: point.lng, lat: point.lat } : {}),
          level,
          ...(level !== ticket.level ? { fromLevel: ticket.level } : {}),
        },
      },
    });
    if (!row) throw stateConflict('The request was changed by someone else meanwhile; reload it and try again');
    return this.tickets.viewRow(actor, row);
  }

  /** A dispatch goes to an eligible handler (isEligibleHandler: the one rule suggestions follow too). */
  private async assertHandler(ticket: Ticket, assigneeId: string) {
    const [user] = isUuid(assigneeId)
      ? await this.journal.query<HandlerFacts>(
          `SELECT u.role, u.scope_code AS "scopeCode", u.disabled_at IS NOT NULL AS disabled,
                  EXISTS (SELECT 1 FROM worker w WHERE w.user_id = u.id AND NOT w.active) AS "stoodDown"
           FROM app_user u WHERE u.id = $1`,
          [assigneeId],
        )
      : [];
    if (!user || !isEligibleHandler(user, ticket)) {
      throw invalidField(
        'assigneeId',
        "must be an active party member or grid worker whose scope covers the ticket's grid",
      );
    }
  }

  /** 职能部门: an enabled department of the ticket's county or city (departmentCovers). */
  private async assertDepartment(ticket: Ticket, departmentCode: string): Promise<string> {
    const [department]: { name: string; disabled: boolean }[] = /^[0-9]{4,6}D[0-9]{2,3}$/.test(departmentCode)
      ? await this.db.query(`SELECT name, disabled_at IS NOT NULL AS disabled FROM department WHERE code = $1`, [
          departmentCode,
        ])
      : [];
    if (!department || department.disabled || !departmentCovers(departmentCode, ticketUnit(ticket))) {
      throw invalidField('departmentCode', "must be an enabled department of the ticket's county or city");
    }
    return department.name;
  }

  private async assertDuplicateOf(actor: AuthUser, ticket: Ticket, duplicateOf: string) {
    const original = isUuid(duplicateOf) ? await this.db.manager.findOneBy(Ticket, { id: duplicateOf }) : null;
    if (!original || original.id === ticket.id || !inScope(actor.scopeCode, ticketUnit(original))) {
      throw invalidField('duplicateOf', 'must be another ticket in your scope');
    }
  }
}

function eventData(
  action: TicketAction,
  body: ActionBody,
  ticket: Ticket,
  decision: { level: string; assigneeId: string | null; departmentCode: string | null; reworkCount: number },
): Record<string, unknown> {
  switch (action) {
    case 'accept':
      return body.handleSelf ? { handleSelf: true } : {};
    case 'dispatch':
      return decision.departmentCode
        ? { assigneeId: null, departmentCode: decision.departmentCode }
        : { assigneeId: decision.assigneeId };
    case 'claim':
      // a department's ticket: the staff member who took it
      return ticket.departmentCode && !ticket.assigneeId ? { departmentCode: ticket.departmentCode } : {};
    case 'decline':
      return {
        reason: body.reason,
        previousAssigneeId: ticket.assigneeId,
        ...(ticket.departmentCode ? { previousDepartmentCode: ticket.departmentCode } : {}),
      };
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
