import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { ancestorCodesOf, type AuthUser, HANDLER_ROLES, isEligibleHandler, waitsForDispatch } from '@gridflow/domain';
import { JobName, jobIds, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import { TicketActionsService, TicketsService } from '@gridflow/tickets';
import { type Candidate, type CandidateFacts, rankCandidates } from './candidate-ranking.js';

export type AutoDispatchOutcome = 'dispatched' | 'stale' | 'disabled' | 'no-candidate';

export interface Suggestions {
  ticketId: string;
  stepSeq: number;
  computedAt: string;
  candidates: Candidate[];
}

interface TicketState {
  id: string;
  status: string;
  step_seq: number;
  /** null: an unlocated request (待定位) */
  grid_code: string | null;
  community_code: string | null;
  step_started_at: Date;
}

/**
 * The facts of every user whose scope is the ticket's grid or one of its ancestors (who is
 * eligible is isEligibleHandler's one rule, libs/domain/src/handlers.ts, applied to these).
 */
const CANDIDATE_FACTS_SQL = `
  SELECT u.id AS "userId", u.display_name AS "displayName", u.role, u.scope_code AS "scopeCode",
    u.disabled_at IS NOT NULL AS disabled,
    EXISTS (SELECT 1 FROM worker w WHERE w.user_id = u.id AND NOT w.active) AS "stoodDown",
    (SELECT count(*)::int FROM worker w JOIN liaison_household h ON h.worker_id = w.id
      WHERE w.user_id = u.id AND w.active AND h.grid_code = $1) AS "liaisonHouseholds",
    EXISTS (SELECT 1 FROM worker w JOIN worker_grid wg ON wg.worker_id = w.id
      WHERE w.user_id = u.id AND w.active AND wg.grid_code = $1) AS "assignedToGrid",
    (SELECT count(*)::int FROM ticket t
      WHERE t.assignee_id = u.id AND t.status IN ('dispatched', 'claimed')) AS "openLoad"
  FROM app_user u
  WHERE u.scope_code = ANY($2::text[]) AND u.role = ANY($3::text[])`;

/**
 * The dispatch desk: ranks the candidate handlers of an accepted ticket (stored per step in
 * dispatch_suggestion) and, where a community has set auto_dispatch_minutes, assigns the top
 * candidate when nobody dispatched in time. Jobs carry (ticketId, stepSeq) and are no-ops
 * once the ticket has left that step; the database is the guard, the job ids only
 * de-duplicate.
 */
@Injectable()
export class DispatchService {
  private readonly logger = new Logger('Dispatch');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: QueueProducer,
    private readonly tickets: TicketsService,
    private readonly actions: TicketActionsService,
  ) {}

  /** A ticket that (still) waits for dispatch gets its ranking, and its auto-dispatch timer. */
  async onTicketEvent(e: TicketEventPayload): Promise<void> {
    if (!waitsForDispatch(e)) return;
    const ticket = await this.ticketState(e.ticketId);
    // Re-delivered late: the current step, if it still waits, is the one to prepare.
    if (!ticket || ticket.status !== 'accepted') return;
    const payload = { ticketId: ticket.id, stepSeq: ticket.step_seq };
    await this.producer.add(JobName.RankCandidates, payload, { jobId: jobIds.rank(payload) });
    const minutes = await this.autoDispatchMinutes(ticket.community_code);
    if (minutes !== null) {
      // Counted from the start of the step, so a late event does not postpone it.
      const dueAt = new Date(ticket.step_started_at).getTime() + minutes * 60_000;
      await this.producer.add(JobName.AutoDispatch, payload, {
        jobId: jobIds.autoDispatch(payload),
        delay: Math.max(0, dueAt - Date.now()),
      });
    }
  }

  /** Ranks and stores the candidates of a ticket waiting at `stepSeq`; null if it moved on. */
  async rank(ticketId: string, stepSeq: number): Promise<Suggestions | null> {
    const ticket = await this.ticketState(ticketId);
    if (!ticket || ticket.status !== 'accepted' || ticket.step_seq !== stepSeq) return null;
    return this.store(ticket, await this.candidates(ticket));
  }

  /** Nobody dispatched within the community's minutes: the top candidate gets the ticket. */
  async autoDispatch(ticketId: string, stepSeq: number): Promise<AutoDispatchOutcome> {
    const ticket = await this.ticketState(ticketId);
    if (!ticket || ticket.status !== 'accepted' || ticket.step_seq !== stepSeq) return 'stale';
    // Switched off since the timer was set: leave the ticket to the dispatchers.
    if ((await this.autoDispatchMinutes(ticket.community_code)) === null) return 'disabled';
    const ranked = await this.rank(ticketId, stepSeq);
    if (!ranked) return 'stale';
    const top = ranked.candidates[0];
    if (!top) {
      this.logger.warn(`auto-dispatch of ticket ${ticketId}: no candidate in community ${ticket.community_code}`);
      return 'no-candidate';
    }
    return this.actions.autoDispatch(ticketId, stepSeq, top.userId, {
      rank: 1,
      group: top.group,
      reasons: top.reasons,
    });
  }

  /**
   * GET /tickets/:id/dispatch-suggestions: the stored ranking of the ticket's current step,
   * else one computed now (and stored while the ticket waits for dispatch). 404 out of scope.
   */
  async suggestions(actor: AuthUser, ticketId: string): Promise<Suggestions> {
    const { id } = await this.tickets.findInScope(actor, ticketId);
    const ticket = (await this.ticketState(id))!;
    const [stored] = await this.db.query(
      `SELECT step_seq, candidates, computed_at FROM dispatch_suggestion WHERE ticket_id = $1 AND step_seq = $2`,
      [id, ticket.step_seq],
    );
    if (stored) {
      return {
        ticketId: id,
        stepSeq: stored.step_seq,
        computedAt: new Date(stored.computed_at).toISOString(),
        candidates: stored.candidates,
      };
    }
    const candidates = await this.candidates(ticket);
    if (ticket.status === 'accepted') return this.store(ticket, candidates);
    return { ticketId: id, stepSeq: ticket.step_seq, computedAt: new Date().toISOString(), candidates };
  }

  private async candidates(ticket: TicketState): Promise<Candidate[]> {
    // 待定位: nobody to suggest until the request has a grid
    if (ticket.grid_code === null) return [];
    const facts: (CandidateFacts & { disabled: boolean; stoodDown: boolean })[] = await this.db.query(
      CANDIDATE_FACTS_SQL,
      [ticket.grid_code, [ticket.grid_code, ...ancestorCodesOf(ticket.grid_code)], HANDLER_ROLES],
    );
    const gridCode = ticket.grid_code;
    return rankCandidates(
      gridCode,
      facts.filter((f) => isEligibleHandler(f, { gridCode })),
    );
  }

  private async store(ticket: TicketState, candidates: Candidate[]): Promise<Suggestions> {
    // Never lets a late job of an earlier step overwrite the ranking of a later one.
    const [row] = await this.db.query(
      `INSERT INTO dispatch_suggestion (ticket_id, step_seq, candidates, computed_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (ticket_id) DO UPDATE SET step_seq = EXCLUDED.step_seq, candidates = EXCLUDED.candidates,
         computed_at = EXCLUDED.computed_at
       WHERE dispatch_suggestion.step_seq <= EXCLUDED.step_seq
       RETURNING computed_at`,
      [ticket.id, ticket.step_seq, JSON.stringify(candidates)],
    );
    return {
      ticketId: ticket.id,
      stepSeq: ticket.step_seq,
      computedAt: new Date(row?.computed_at ?? Date.now()).toISOString(),
      candidates,
    };
  }

  private async ticketState(ticketId: string): Promise<TicketState | null> {
    const [row] = await this.db.query(
      `SELECT id, status, step_seq, grid_code, community_code, step_started_at FROM ticket WHERE id = $1`,
      [ticketId],
    );
    return row ?? null;
  }

  private async autoDispatchMinutes(communityCode: string | null): Promise<number | null> {
    // an unlocated request (above community level) has no community: no auto-dispatch
    if (communityCode === null) return null;
    const [row] = await this.db.query(`SELECT auto_dispatch_minutes FROM community_setting WHERE community_code = $1`, [
      communityCode,
    ]);
    return row?.auto_dispatch_minutes ?? null;
  }
}
