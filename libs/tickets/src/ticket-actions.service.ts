import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { MatterItem } from '@gridflow/catalog';
import {
  type AuthUser,
  decideTransition,
  inScope,
  invalidField,
  stateConflict,
  type TicketAction,
  type TicketStatus,
  type TransitionBody,
} from '@gridflow/domain';
import { AttachmentsService } from './attachments.service.js';
import { type Satisfaction, Ticket } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';

export interface ActionBody extends TransitionBody {
  /** comments: the text */
  text?: string;
  attachmentIds?: string[];
  satisfaction?: Satisfaction;
  callbackNote?: string;
}

const HANDLER_ROLES = ['party_member', 'grid_worker'];
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The one writer of ticket transitions (libs/domain/src/ticket-flow.ts decides; this
 * applies). Each action is one transaction: a compare-and-set UPDATE on the status the
 * decision was made from, one timeline event, one outbox row. Zero rows updated means
 * someone else moved the ticket first → 409, and nothing is written.
 */
@Injectable()
export class TicketActionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly attachments: AttachmentsService,
  ) {}

  async act(actor: AuthUser, id: string, action: TicketAction, body: ActionBody) {
    const ticketId = await this.db.transaction(async (tx) => {
      const ticket = await this.tickets.findInScope(actor, id, tx);
      const item = await tx.findOneByOrFail(MatterItem, { code: ticket.itemCode });
      const decision = decideTransition({
        status: ticket.status as TicketStatus,
        action,
        actor,
        ticket: {
          assigneeId: ticket.assigneeId,
          tier: item.tier,
          level: ticket.level,
          reworkCount: ticket.reworkCount,
        },
        body: { ...body, comment: action === 'comment' ? body.text : body.comment },
      });
      if (action === 'dispatch') await this.assertHandler(tx, ticket, body.assigneeId!);
      if (action === 'reject' && body.reason === 'duplicate')
        await this.assertDuplicateOf(tx, actor, ticket, body.duplicateOf!);
      const attachmentIds =
        action === 'resolve' || action === 'comment'
          ? await this.attachments.assertLinkable(actor.id, body.attachmentIds)
          : [];

      const moved = decision.to !== decision.from;
      const now = new Date();
      const dueAt = moved ? this.tickets.dueFor(item, ticket.urgent, decision.to, now) : ticket.dueAt;
      const satisfaction = action === 'verify' ? (body.satisfaction ?? null) : null;
      const rows: { last_seq: number; level: string; grid_code: string }[] = await tx.query(
        // Wrapped in a CTE so the driver hands back plain rows (a bare UPDATE answers [rows, count]).
        `WITH moved AS (UPDATE ticket SET
           status = $3, assignee_id = $4, level = $5, rework_count = $6,
           step_started_at = CASE WHEN $7 THEN $8::timestamptz ELSE step_started_at END,
           due_at = $9, warning = warning AND NOT $7, overdue = overdue AND NOT $7,
           escalations = escalations + $10, satisfaction = COALESCE($11, satisfaction),
           last_seq = last_seq + 1, version = version + 1, updated_at = $8
         WHERE id = $1 AND status = $2 AND ($12::int IS NULL OR version = $12)
         RETURNING last_seq, level, grid_code) SELECT * FROM moved`,
        [
          ticket.id,
          decision.from,
          decision.to,
          decision.assigneeId,
          decision.level,
          decision.reworkCount,
          moved,
          now,
          dueAt,
          action === 'escalate' ? 1 : 0,
          satisfaction,
          // Actions that keep the status but change the row (escalate) also need the version unchanged.
          action === 'escalate' ? ticket.version : null,
        ],
      );
      if (rows.length === 0)
        throw stateConflict('The ticket was changed by someone else meanwhile; reload it and try again');

      await this.tickets.appendEvent(
        tx,
        { id: ticket.id, level: decision.level, gridCode: ticket.gridCode },
        rows[0].last_seq,
        {
          type: decision.eventType,
          actor,
          fromStatus: decision.from,
          toStatus: decision.to,
          comment:
            action === 'comment'
              ? body.text
              : (body.comment ?? body.reason ?? body.result ?? body.callbackNote ?? null),
          data: eventData(action, body, ticket, decision),
          attachments: attachmentIds,
        },
      );
      await this.tickets.linkAttachments(tx, ticket.id, attachmentIds);
      return ticket.id;
    });
    return this.tickets.get(actor, ticketId);
  }

  /** A dispatch goes to a party member or grid worker whose scope covers the ticket's grid. */
  private async assertHandler(tx: EntityManager, ticket: Ticket, assigneeId: string) {
    const [user] = UUID.test(assigneeId)
      ? await tx.query(`SELECT role, scope_code, disabled_at FROM app_user WHERE id = $1`, [assigneeId])
      : [];
    if (!user || user.disabled_at || !HANDLER_ROLES.includes(user.role) || !inScope(user.scope_code, ticket.gridCode)) {
      throw invalidField(
        'assigneeId',
        "must be an active party member or grid worker whose scope covers the ticket's grid",
      );
    }
  }

  private async assertDuplicateOf(tx: EntityManager, actor: AuthUser, ticket: Ticket, duplicateOf: string) {
    const original = UUID.test(duplicateOf) ? await tx.findOneBy(Ticket, { id: duplicateOf }) : null;
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
