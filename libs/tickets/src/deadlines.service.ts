import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { CatalogService, WorkingCalendarService } from '@gridflow/catalog';
import {
  escalatedLevel,
  followingEscalationAt,
  limitsFor,
  type OrgLevel,
  stepOfStatus,
  supervisingUnit,
} from '@gridflow/domain';
import { type DeadlinePayload, JobName, jobIds, QueueProducer, REDIS } from '@gridflow/queue';
import { OUTBOX_TICKET_EVENT } from './tickets.service.js';

const OUTBOX_PAYLOAD = `jsonb_build_object('ticketId', id, 'seq', last_seq, 'type', e_type, 'fromStatus', status,
  'toStatus', status, 'level', level, 'gridCode', grid_code)`;

/** 黄灯: the warning of a step, once. */
const WARN_SQL = `
  WITH u AS (
    UPDATE ticket SET warning = true, last_seq = last_seq + 1, version = version + 1, updated_at = now()
    WHERE id = $1 AND step_seq = $2 AND NOT warning AND warn_at <= now()
    RETURNING *, 'warning'::text AS e_type
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, from_status, to_status, data)
    SELECT id, last_seq, e_type, now(), status, status, $3::jsonb FROM u
  ), o AS (
    INSERT INTO outbox (topic, payload) SELECT $4, ${OUTBOX_PAYLOAD} FROM u
  )
  SELECT id FROM u`;

/**
 * 红灯 + 督办: the n-th escalation of a step. The supervision row's unique (ticket, step, n)
 * key decides who does it; the ticket update is joined to that insert, so a duplicate
 * (another worker, a re-delivered job, the sweeper) changes nothing.
 */
const ESCALATE_SQL = `
  WITH cur AS (
    SELECT id, status FROM ticket
    WHERE id = $1 AND step_seq = $2 AND step_escalations = $3 - 1 AND level = $4 AND next_escalation_at <= now()
    FOR UPDATE
  ), sup AS (
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason)
    SELECT id, $2, $3, 'auto', status, $4, $5, $7 FROM cur
    ON CONFLICT DO NOTHING RETURNING ticket_id
  ), u AS (
    UPDATE ticket SET level = $5, overdue = true, warning = true, escalations = escalations + 1,
      step_escalations = $3, next_escalation_at = $6, last_seq = last_seq + 1, version = version + 1, updated_at = now()
    FROM sup WHERE ticket.id = sup.ticket_id
    RETURNING ticket.*, 'escalated'::text AS e_type
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, from_status, to_status, data)
    SELECT id, last_seq, e_type, now(), status, status, $8::jsonb FROM u
  ), o AS (
    INSERT INTO outbox (topic, payload) SELECT $9, ${OUTBOX_PAYLOAD} FROM u
  )
  SELECT id FROM u`;

/** At the city already: overdue, and no further timers. */
const TOP_SQL = `
  WITH u AS (
    UPDATE ticket SET overdue = true, warning = true, next_escalation_at = NULL, last_seq = last_seq + 1,
      version = version + 1, updated_at = now()
    WHERE id = $1 AND step_seq = $2 AND step_escalations = $3 AND next_escalation_at <= now()
    RETURNING *, 'overdue'::text AS e_type
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, from_status, to_status, data)
    SELECT id, last_seq, e_type, now(), status, status, jsonb_build_object('level', level) FROM u
  ), o AS (
    INSERT INTO outbox (topic, payload) SELECT $4, ${OUTBOX_PAYLOAD} FROM u
  )
  SELECT id FROM u`;

/** Every due warning, a batch at a time; rows another process holds are skipped, not waited for. */
const WARN_DUE_SQL = `
  WITH due AS (
    SELECT id FROM ticket WHERE status = ANY($1) AND NOT warning AND warn_at <= now()
    ORDER BY warn_at LIMIT $2 FOR UPDATE SKIP LOCKED
  ), u AS (
    UPDATE ticket SET warning = true, last_seq = last_seq + 1, version = version + 1, updated_at = now()
    FROM due WHERE ticket.id = due.id
    RETURNING ticket.*, 'warning'::text AS e_type
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, from_status, to_status, data)
    SELECT id, last_seq, e_type, now(), status, status, '{}'::jsonb FROM u
  ), o AS (
    INSERT INTO outbox (topic, payload) SELECT $3, ${OUTBOX_PAYLOAD} FROM u
  )
  SELECT count(*)::int AS n FROM u`;

/** A batch of escalations decided in code (levels, next times), applied in one statement. */
const ESCALATE_BATCH_SQL = `
  WITH input AS (
    SELECT * FROM unnest($1::uuid[], $2::int[], $3::int[], $4::text[], $5::text[], $6::timestamptz[], $7::jsonb[])
      AS x(id, step_seq, n, from_level, to_level, next_at, data)
  ), sup AS (
    INSERT INTO supervision (ticket_id, step_seq, escalation_no, kind, status, from_level, to_level, reason)
    SELECT i.id, i.step_seq, i.n, 'auto', t.status, i.from_level, i.to_level, '超期未办：第' || i.n || '次自动升级'
    FROM input i JOIN ticket t ON t.id = i.id
    ON CONFLICT DO NOTHING RETURNING ticket_id
  ), u AS (
    UPDATE ticket t SET level = i.to_level, overdue = true, warning = true, escalations = t.escalations + 1,
      step_escalations = i.n, next_escalation_at = i.next_at, last_seq = t.last_seq + 1, version = t.version + 1,
      updated_at = now()
    FROM input i JOIN sup ON sup.ticket_id = i.id
    WHERE t.id = i.id AND t.step_seq = i.step_seq AND t.step_escalations = i.n - 1
    RETURNING t.*, i.data AS e_data, 'escalated'::text AS e_type
  ), e AS (
    INSERT INTO ticket_event (ticket_id, seq, type, at, from_status, to_status, data)
    SELECT id, last_seq, e_type, now(), status, status, e_data FROM u
  ), o AS (
    INSERT INTO outbox (topic, payload) SELECT $8, ${OUTBOX_PAYLOAD} FROM u
  )
  SELECT count(*)::int AS n FROM u`;

const BATCH = 500;

/** Statuses whose step has a limit (the archive step of `verified` included). */
const TIMED = ['submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified'];
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
  ) {}

  private get armedKey() {
    return `${this.config.queuePrefix}:deadlines:armed`;
  }

  /** Schedules the ticket's pending warning and escalation (no-op for closed tickets). */
  async arm(ticketId: string): Promise<void> {
    const rows = await this.db.query(
      `SELECT id, step_seq, step_escalations, warning, warn_at, next_escalation_at FROM ticket
       WHERE id = $1 AND status = ANY($2)`,
      [ticketId, TIMED],
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
              grid_code FROM ticket WHERE id = $1`,
      [p.ticketId],
    );
    if (!t || !TIMED.includes(t.status) || t.step_seq !== p.stepSeq) return 'stale';
    const now = new Date();

    if (p.kind === 'warning') {
      if (t.warning) return 'done-before';
      if (!t.warn_at || t.warn_at > now) return this.early(p);
      const [row] = await this.db.query(WARN_SQL, [
        p.ticketId,
        p.stepSeq,
        JSON.stringify({ step: stepOfStatus(t.status) }),
        OUTBOX_TICKET_EVENT,
      ]);
      return row ? 'warned' : 'done-before';
    }

    if (t.step_escalations >= p.n) return 'done-before';
    if (!t.next_escalation_at || t.next_escalation_at > now) return this.early(p);
    const to = escalatedLevel(t.level as OrgLevel);
    if (!to) {
      // Already at the city: overdue, nobody higher to tell, no further timers.
      const [row] = await this.db.query(TOP_SQL, [p.ticketId, p.stepSeq, t.step_escalations, OUTBOX_TICKET_EVENT]);
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
      supervisingUnit: supervisingUnit(t.grid_code, to),
      step: stepOfStatus(t.status),
    };
    const [row] = await this.db.query(ESCALATE_SQL, [
      p.ticketId,
      p.stepSeq,
      p.n,
      t.level,
      to,
      next,
      `超期未办：第${p.n}次自动升级`,
      JSON.stringify(data),
      OUTBOX_TICKET_EVENT,
    ]);
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
      const [{ n: warned }] = await this.db.query(WARN_DUE_SQL, [TIMED, BATCH, OUTBOX_TICKET_EVENT]);
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
        grid_code: string;
        next_escalation_at: Date;
      }[] = await tx.query(
        `SELECT id, status, step_seq, step_escalations, level, item_code, urgent, grid_code, next_escalation_at
         FROM ticket WHERE status = ANY($1) AND next_escalation_at <= now()
         ORDER BY next_escalation_at LIMIT $2 FOR UPDATE SKIP LOCKED`,
        [TIMED, BATCH],
      );
      const batch: {
        id: string;
        stepSeq: number;
        n: number;
        from: string;
        to: string;
        next: Date | null;
        data: string;
      }[] = [];
      for (const r of rows) {
        const n = r.step_escalations + 1;
        const to = escalatedLevel(r.level);
        if (!to) {
          await tx.query(TOP_SQL, [r.id, r.step_seq, r.step_escalations, OUTBOX_TICKET_EVENT]);
          continue;
        }
        const next = escalatedLevel(to)
          ? await this.followingEscalation(r.item_code, r.urgent, r.status, r.next_escalation_at)
          : null;
        batch.push({
          id: r.id,
          stepSeq: r.step_seq,
          n,
          from: r.level,
          to,
          next,
          data: JSON.stringify({
            auto: true,
            n,
            fromLevel: r.level,
            toLevel: to,
            supervisingUnit: supervisingUnit(r.grid_code, to),
            step: stepOfStatus(r.status),
          }),
        });
      }
      if (batch.length === 0) return rows.length;
      const [{ n }] = await tx.query(ESCALATE_BATCH_SQL, [
        batch.map((b) => b.id),
        batch.map((b) => b.stepSeq),
        batch.map((b) => b.n),
        batch.map((b) => b.from),
        batch.map((b) => b.to),
        batch.map((b) => b.next),
        batch.map((b) => b.data),
        OUTBOX_TICKET_EVENT,
      ]);
      return n + (rows.length - batch.length);
    });
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
        [TIMED, after, ARM_BATCH],
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
