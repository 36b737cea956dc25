import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DeadlinesService, TicketSealService } from '@gridflow/tickets';

const SWEEP_MS = 30_000;

/**
 * At start and every 30 s: fire whatever is due according to PostgreSQL and re-arm timers
 * Redis has lost (FLUSHALL, a restart without persistence) — delay, never loss. Also trims
 * published outbox rows and expired idempotency keys, and seals archived tickets left unsealed.
 */
@Injectable()
export class DeadlineSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('DeadlineSweeper');
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;
  private next: Promise<unknown> | null = null;

  constructor(
    private readonly deadlines: DeadlinesService,
    @InjectDataSource() private readonly db: DataSource,
    private readonly sealer: TicketSealService,
  ) {}

  async onApplicationBootstrap() {
    // Arm everything once at start (a fresh Redis, or new code), then sweep on a timer.
    await this.deadlines.armAll();
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await (this.next ?? this.running);
  }

  /**
   * Sweeps now or, if a sweep is under way (it may have looked before what changed since, e.g.
   * Redis losing its keys), once more right after it; callers asking meanwhile share that one.
   */
  sweep(): Promise<unknown> {
    if (this.running) {
      this.next ??= this.running.then(() => {
        this.next = null;
        return this.sweep();
      });
      return this.next;
    }
    this.running = (async () => {
      try {
        await this.deadlines.sweep();
        await this.db.query(`DELETE FROM outbox WHERE published_at < now() - interval '3 days'`);
        await this.db.query(`DELETE FROM idempotency_key WHERE expires_at < now()`);
        // Archives whose seal was not stored right away (the sealer failed, the API stopped).
        await this.sealer.sealMissing();
        // First-release seals (no key) become HMAC seals where the timeline still matches.
        await this.sealer.upgradeLegacySeals();
      } catch (err) {
        this.logger.error(`sweep failed: ${String(err)}`);
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }
}
