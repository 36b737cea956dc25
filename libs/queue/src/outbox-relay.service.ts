import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { OutboxTopic, type OutboxTicketEvent } from './outbox.js';
import { JobName, jobIds } from './queue-names.js';
import { QueueProducer } from './queue.producer.js';
import { SingleFlight } from './single-flight.js';

const BATCH = 500;
const POLL_MS = 1_000;
/** How often the relay looks for events sent but never processed, and how old they must be. */
const RESEND_EVERY_MS = 30_000;
const RESEND_AFTER_SECONDS = 120;
/** How long the relay waits before opening its LISTEN connection again after losing it. */
const RELISTEN_MS = 2_000;
/** How long a published outbox row is kept (for the drill's checks and for looking into an incident). */
const KEEP_PUBLISHED = '3 days';
/** application_name of the LISTEN connection (seen in pg_stat_activity). */
export const OUTBOX_LISTENER_NAME = 'gridflow-outbox-listen';

/**
 * Publishes outbox rows (written in the same transaction as each ticket transition) to
 * BullMQ. Woken by LISTEN/NOTIFY, with a polling fallback. Rows are claimed with FOR
 * UPDATE SKIP LOCKED (several workers share the work), published with deterministic job
 * ids, then marked sent in the same transaction: a crash between publishing and marking
 * only publishes again, and the job id (plus idempotent consumers) makes that harmless.
 * A job Redis lost after it was sent (its row never marked processed by the worker) is sent
 * again, with the same job id, RESEND_AFTER_SECONDS later.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener?: pg.Client;
  private relistenTimer?: NodeJS.Timeout;
  private timer?: NodeJS.Timeout;
  private resendTimer?: NodeJS.Timeout;
  private readonly drainer = new SingleFlight('OutboxRelay', () => this.drain());
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: QueueProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    await this.listen();
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.resendTimer = setInterval(() => {
      if (!this.stopped)
        this.resendUnprocessed().catch((err: unknown) => this.logger.error(`re-send failed: ${String(err)}`));
    }, RESEND_EVERY_MS);
    this.wake();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.timer);
    clearInterval(this.resendTimer);
    clearTimeout(this.relistenTimer);
    await this.drainer.idle();
    await this.listener?.end().catch(() => undefined);
  }

  /** Opens the LISTEN connection; when it breaks (a PostgreSQL restart), polling covers until it is open again. */
  private async listen(): Promise<void> {
    const client = new pg.Client({ connectionString: this.config.databaseUrl, application_name: OUTBOX_LISTENER_NAME });
    const lost = (why: string) => {
      if (this.listener !== client || this.stopped) return;
      this.listener = undefined;
      this.logger.warn(`LISTEN connection lost (${why}): polling every ${POLL_MS} ms until it is back`);
      client.end().catch(() => undefined);
      this.relistenLater();
    };
    client.on('notification', () => this.wake());
    client.on('error', (err) => lost(err.message));
    client.on('end', () => lost('closed'));
    try {
      await client.connect();
      await client.query('LISTEN outbox');
    } catch (err) {
      client.end().catch(() => undefined);
      throw err;
    }
    this.listener = client;
  }

  private relistenLater() {
    if (this.stopped || this.relistenTimer) return;
    this.relistenTimer = setTimeout(() => {
      this.relistenTimer = undefined;
      if (this.stopped) return;
      this.listen().then(
        () => {
          this.logger.log('LISTEN connection is back');
          this.wake();
        },
        () => this.relistenLater(),
      );
    }, RELISTEN_MS);
  }

  /** Drains now (or once more right after the drain in progress). */
  wake() {
    if (!this.stopped) void this.drainer.run();
  }

  /** Publishes batches until nothing is left; returns the number of rows published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const rows: { id: string; topic: OutboxTopic; payload: OutboxTicketEvent }[] = await tx.query(
          `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        if (rows.length === 0) return 0;
        const events = rows.filter((r) => r.topic === OutboxTopic.TicketEvent);
        await this.producer.addBulk(
          JobName.TicketEvent,
          events.map((r) => ({
            payload: { ...r.payload, outboxId: String(r.id) },
            options: { jobId: jobIds.ticketEvent(String(r.id)) },
          })),
        );
        // Topics no worker consumes are done once sent.
        await tx.query(
          `UPDATE outbox SET published_at = now(), processed_at = CASE WHEN topic = $2 THEN NULL ELSE now() END
            WHERE id = ANY($1::bigint[])`,
          [rows.map((r) => r.id), OutboxTopic.TicketEvent],
        );
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }

  /**
   * Sends again the ticket events sent more than RESEND_AFTER_SECONDS ago and still not
   * processed: Redis lost them. A job still waiting in Redis keeps its id, so adding it again
   * is a no-op; consumers are idempotent either way. Returns the number of rows sent again.
   */
  async resendUnprocessed(olderThanSeconds = RESEND_AFTER_SECONDS): Promise<number> {
    return this.db.transaction(async (tx) => {
      const rows: { id: string; payload: OutboxTicketEvent }[] = await tx.query(
        `SELECT id, payload FROM outbox
          WHERE published_at < now() - make_interval(secs => $1) AND processed_at IS NULL AND topic = $2
          ORDER BY id LIMIT $3 FOR UPDATE SKIP LOCKED`,
        [olderThanSeconds, OutboxTopic.TicketEvent, BATCH],
      );
      if (rows.length === 0) return 0;
      await this.producer.addBulk(
        JobName.TicketEvent,
        rows.map((r) => ({
          payload: { ...r.payload, outboxId: String(r.id) },
          options: { jobId: jobIds.ticketEvent(String(r.id)) },
        })),
      );
      // Sent again now: the next look is RESEND_AFTER_SECONDS away.
      await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
      this.logger.warn(`sent again ${rows.length} ticket event(s) that were never processed (lost by Redis?)`);
      return rows.length;
    });
  }

  /** The worker has done this event's fan-out. */
  async markProcessed(outboxId: string): Promise<void> {
    await this.db.query(`UPDATE outbox SET processed_at = now() WHERE id = $1 AND processed_at IS NULL`, [outboxId]);
  }

  /** Housekeeping: published rows older than KEEP_PUBLISHED go. Returns how many. */
  async trimPublished(): Promise<number> {
    const [, n] = await this.db.query(`DELETE FROM outbox WHERE published_at < now() - interval '${KEEP_PUBLISHED}'`);
    return n;
  }
}
