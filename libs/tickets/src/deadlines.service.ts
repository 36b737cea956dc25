import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { CatalogService, WorkingCalendarService } from '@gridflow/catalog';
import {
  autoEscalationReason,
  escalatedLevel,
  followingEscalationAt,
  limitsFor,
  type OrgLevel,
  stepOfStatus,
  supervisingUnit,
  TIMED_STATUSES,
} from '@gridflow/domain';
import { type DeadlinePayload, JobName, jobIds, QueueProducer, REDIS } from '@gridflow/queue';
import { type EscalationDue, type JournalDb, TicketJournal } from './ticket-journal.js';

const BATCH = 500;

const ARM_BATCH = 1_000;

export type DeadlineOutcome = 'warned' | 'escalated' | 'overdue-at-top' | 'stale' | 'early' | 'done-before';

/**
 * The clock of 时限、超期、督办. Due times live in PostgreSQL (ticket.warn_at, due_at,
 * next_escalation_at, step_seq); BullMQ delayed jobs only wake us at those times.
 *
 * - `arm` puts a ticket's pending warning and next escalation on the Deadlines queue with
 *   deterministic job ids (re-arming is harmless).
 * - `fire` re-reads the ticket under a row lock and acts only if the step is still the one
 *   the job was armed for; a unique (ticket, step, n) supervision row makes a second
 *   escalation impossible, whoever runs the job and however often.
 * - `sweep` (every 30 s in the worker) fires what is due from the database directly, and
 *   re-arms everything when Redis has lost its timers: a lost Redis costs delay, never an
 *   escalation.
 */
@Injectable()
export class DeadlinesService {
  private readonly logger = new Logger('Deadlines');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly producer: QueueProducer,
    private readonly catalog: CatalogService,
    private readonly calendar: WorkingCalendarService,
    private readonly config: AppConfig,
    private readonly journal: TicketJournal,
  ) {}

  private get armedKey() {
    return `${this.config.queuePrefix}:deadlines:armed`;
  }

  /** Schedules the ticket's pending warning and escalation (no-op for closed tickets). */
  async arm(ticketId: string): Promise<void> {
    const rows = await this.db.query(
      `SELECT id, step_seq, step_escalations, warning, warn_at, next_escalation_at FROM ticket
       WHERE id = $1 AND status = ANY($2)`,
      [ticketId, TIMED_STATUSES],
    );
    await this.armRows(rows);
  }

  private async armRows(
    rows: {
      id: string;
      step_seq: number;
      step_escalations: number;
      warning: boolean;
      warn_at: Date | null;
      next_escalation_at: Date | null;
    }[],
  ) {
    const now = Date.now();
    const jobs: { payload: DeadlinePayload; at: Date }[] = [];
    for (const r of rows) {
      if (!r.warning && r.warn_at) {
        jobs.push({ payload: { ticketId: r.id, stepSeq: r.step_seq, kind: 'warning', n: 0 }, at: r.warn_at });
      }
      if (r.next_escalation_at) {
        jobs.push({
          payload: { ticketId: r.id, stepSeq: r.step_seq, kind: 'escalation', n: r.step_escalations + 1 },
          at: r.next_escalation_at,
        });
      }
    }
    await this.producer.addBulk(
      JobName.Deadline,
      jobs.map((j) => ({
        payload: j.payload,
        options: {
          jobId: jobIds.deadline(j.payload, new Date(j.at)),
          delay: Math.max(0, new Date(j.at).getTime() - now),
        },
      })),
    );
  }

  /** Handles a due warning or escalation. Safe to run twice, late, early or for a moved ticket. */
  async fire(p: DeadlinePayload): Promise<DeadlineOutcome> {
    // A plain read decides; one statement applies, guarded by everything the decision read
    // (the step, the escalation count, the level), so it commits whole or not at all.
    const [t] = await this.db.query(
      `SELECT status, step_seq, step_escalations, warning, warn_at, next_escalation_at, level, item_code, urgent,
              org_code FROM ticket WHERE id = $1`,
      [p.ticketId],
    );
    if (!t || !(TIMED_STATUSES as readonly string[]).includes(t.status) || t.step_seq !== p.stepSeq) return 'stale';
    const now = new Date();

    if (p.kind === 'warning') {
      if (t.warning) return 'done-before';
      if (!t.warn_at || t.warn_at > now) return this.early(p);
      const row = await this.journal.write({
        expect: { id: p.ticketId, stepSeq: p.stepSeq, warningDue: true },
        changes: { warning: true },
        event: { type: 'warning', data: { step: stepOfStatus(t.status) } },
      });
      return row ? 'warned' : 'done-before';
    }

    if (t.step_escalations >= p.n) return 'done-before';
    if (!t.next_escalation_at || t.next_escalation_at > now) return this.early(p);
    const to = escalatedLevel(t.level as OrgLevel);
    if (!to) {
      // Already at the city: overdue, nobody higher to tell, no further timers.
      const row = await this.overdueAtTop(p.ticketId, p.stepSeq, t.step_escalations, t.level);
      return row ? 'overdue-at-top' : 'done-before';
    }
    const next = escalatedLevel(to)
      ? await this.followingEscalation(t.item_code, t.urgent, t.status, t.next_escalation_at)
      : null;
    const data = {
      auto: true,
      n: p.n,
      fromLevel: t.level,
      toLevel: to,
      supervisingUnit: supervisingUnit(t.org_code, to),
      step: stepOfStatus(t.status),
    };
    // 红灯 + 督办: the supervision row's unique (ticket, step, n) key decides who does it; the
    // ticket changes only with that row, so a duplicate (another worker, a re-delivered job, the
    // sweeper) changes nothing.
    const row = await this.journal.write({
      expect: {
        id: p.ticketId,
        stepSeq: p.stepSeq,
        stepEscalations: p.n - 1,
        level: t.level as OrgLevel,
        escalationDue: true,
      },
      gate: {
        table: 'supervision',
        row: { kind: 'auto', escalationNo: p.n, fromLevel: t.level, toLevel: to, reason: autoEscalationReason(p.n) },
      },
      changes: {
        level: to,
        overdue: true,
        warning: true,
        escalationsAdded: 1,
        stepEscalations: p.n,
        nextEscalationAt: next,
      },
      event: { type: 'escalated', data },
    });
    return row ? 'escalated' : 'done-before';
  }

  /**
   * Everything due now, in batches (warnings, then escalations): what a burst of timers
   * needs, instead of one transaction per ticket. Concurrent callers in this process share
   * one run; other processes take other rows (SKIP LOCKED).
   */
  processDue(): Promise<number> {
    this.dueRun ??= this.runDue().finally(() => (this.dueRun = null));
    return this.dueRun;
  }

  private dueRun: Promise<number> | null = null;

  private async runDue(): Promise<number> {
    let total = 0;
    for (;;) {
      const warned = await this.journal.warnDue(TIMED_STATUSES, BATCH);
      const escalated = await this.escalateDueBatch();
      total += warned + escalated;
      if (warned < BATCH && escalated < BATCH) return total;
    }
  }

  private async escalateDueBatch(): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: {
        id: string;
        status: string;
        step_seq: number;
        step_escalations: number;
        level: OrgLevel;
        item_code: string;
        urgent: boolean;
        /** the ticket's unit: its grid, or where an unlocated one waits (escalation climbs from its level) */
        org_code: string;
        next_escalation_at: Date;
      }[] = await tx.query(
        `SELECT id, status, step_seq, step_escalations, level, item_code, urgent, org_code, next_escalation_at
         FROM ticket WHERE status = ANY($1) AND next_escalation_at <= now()
         ORDER BY next_escalation_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [TIMED_STATUSES, BATCH],
      );
      const batch: EscalationDue[] = [];
      for (const r of rows) {
        const n = r.step_escalations + 1;
        const to = escalatedLevel(r.level);
        if (!to) {
          await this.overdueAtTop(r.id, r.step_seq, r.step_escalations, r.level, tx);
          continue;
        }
        const next = escalatedLevel(to)
          ? await this.followingEscalation(r.item_code, r.urgent, r.status, r.next_escalation_at)
          : null;
        batch.push({
          id: r.id,
          stepSeq: r.step_seq,
          n,
          fromLevel: r.level,
          toLevel: to,
          nextEscalationAt: next,
          reason: autoEscalationReason(n),
          data: {
            auto: true,
            n,
            fromLevel: r.level,
            toLevel: to,
            supervisingUnit: supervisingUnit(r.org_code, to),
            step: stepOfStatus(r.status),
          },
        });
      }
      if (batch.length === 0) return rows.length;
      const n = await this.journal.escalateMany(batch, tx);
      return n + (rows.length - batch.length);
    });
  }

  /** At the city already: overdue, and no further timers. */
  private overdueAtTop(id: string, stepSeq: number, stepEscalations: number, level: string, db?: JournalDb) {
    return this.journal.write(
      {
        expect: { id, stepSeq, stepEscalations, escalationDue: true },
        changes: { overdue: true, warning: true, nextEscalationAt: null },
        event: { type: 'overdue', data: { level } },
      },
      db,
    );
  }

  /** A job that woke before its time (clock skew, a re-armed copy): put it back for the rest. */
  private async early(p: DeadlinePayload): Promise<DeadlineOutcome> {
    await this.arm(p.ticketId);
    return 'early';
  }

  /**
   * Fires every warning and escalation already due according to PostgreSQL, and re-arms all
   * pending timers when Redis has lost them (its marker key is gone). Returns what it did.
   */
  async sweep(): Promise<{ fired: number; rearmed: number }> {
    const fired = await this.processDue();
    let rearmed = 0;
    if (!(await this.redis.exists(this.armedKey))) rearmed = await this.armAll();
    if (fired || rearmed) this.logger.log(`sweep: fired ${fired} due deadline(s), re-armed ${rearmed} ticket(s)`);
    return { fired, rearmed };
  }

  /** Re-arms every open ticket's timers from PostgreSQL (at start, or after Redis lost them). */
  async armAll(): Promise<number> {
    let count = 0;
    let after = '00000000-0000-0000-0000-000000000000';
    for (;;) {
      const rows = await this.db.query(
        `SELECT id, step_seq, step_escalations, warning, warn_at, next_escalation_at FROM ticket
         WHERE status = ANY($1) AND id > $2 AND ((NOT warning AND warn_at IS NOT NULL) OR next_escalation_at IS NOT NULL)
         ORDER BY id LIMIT $3`,
        [TIMED_STATUSES, after, ARM_BATCH],
      );
      if (rows.length === 0) break;
      await this.armRows(rows);
      count += rows.length;
      after = rows[rows.length - 1].id;
    }
    await this.redis.set(this.armedKey, new Date().toISOString());
    return count;
  }

  private async followingEscalation(itemCode: string, urgent: boolean, status: string, from: Date) {
    const item = await this.catalog.item(itemCode);
    const step = stepOfStatus(status);
    if (!item || !step) return null;
    const limit = limitsFor(item, urgent)[`${step}Seconds`];
    return followingEscalationAt(from, limit, (f, n) => this.calendar.due(item.clock, f, n));
  }
}
