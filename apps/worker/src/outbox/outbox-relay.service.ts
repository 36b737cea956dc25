import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { JobName, jobIds, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import { OUTBOX_TICKET_EVENT } from '@gridflow/tickets';

const BATCH = 500;
const POLL_MS = 1_000;

/**
 * Publishes outbox rows (written in the same transaction as each ticket transition) to
 * BullMQ. Woken by LISTEN/NOTIFY, with a polling fallback. Rows are claimed with FOR
 * UPDATE SKIP LOCKED (several workers share the work), published with deterministic job
 * ids, then marked sent in the same transaction: a crash between publishing and marking
 * only publishes again, and the job id (plus idempotent consumers) makes that harmless.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('OutboxRelay');
  private listener?: pg.Client;
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;
  private again = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly producer: QueueProducer,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap() {
    this.listener = new pg.Client({ connectionString: this.config.databaseUrl });
    this.listener.on('notification', () => this.wake());
    this.listener.on('error', (err) => this.logger.warn(`LISTEN connection failed, polling only: ${err.message}`));
    await this.listener.connect();
    await this.listener.query('LISTEN outbox');
    this.timer = setInterval(() => this.wake(), POLL_MS);
    this.wake();
  }

  async onApplicationShutdown() {
    this.stopped = true;
    clearInterval(this.timer);
    await this.running;
    await this.listener?.end().catch(() => undefined);
  }

  /** Drains now (or right after the drain in progress). */
  wake() {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.drain()
      .catch((err: unknown) => this.logger.error(`relay failed: ${String(err)}`))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.wake();
        }
      });
  }

  /** Publishes batches until nothing is left; returns the number of rows published. */
  async drain(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.db.transaction(async (tx) => {
        const rows: { id: string; topic: string; payload: Omit<TicketEventPayload, 'outboxId'> }[] = await tx.query(
          `SELECT id, topic, payload FROM outbox WHERE published_at IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
          [BATCH],
        );
        if (rows.length === 0) return 0;
        const events = rows.filter((r) => r.topic === OUTBOX_TICKET_EVENT);
        await this.producer.addBulk(
          JobName.TicketEvent,
          events.map((r) => ({
            payload: { ...r.payload, outboxId: String(r.id) },
            options: { jobId: jobIds.ticketEvent(String(r.id)) },
          })),
        );
        await tx.query(`UPDATE outbox SET published_at = now() WHERE id = ANY($1::bigint[])`, [rows.map((r) => r.id)]);
        return rows.length;
      });
      total += n;
      if (n < BATCH) return total;
    }
  }
}
