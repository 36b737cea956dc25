import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { SingleFlight } from '@gridflow/queue';

/**
 * A timer of the worker: `task()` at start and every `everyMs`, never twice at once (a tick
 * while it runs asks for one more run — SingleFlight), a failure logged and retried at the
 * next tick, and waited for at shutdown. PostgreSQL is the truth each task reads, so a run
 * missed (a restart) is made up by the next one.
 */
export abstract class Cron implements OnApplicationBootstrap, OnApplicationShutdown {
  protected abstract readonly everyMs: number;
  private readonly flight = new SingleFlight(this.constructor.name, () => this.task());
  private timer?: NodeJS.Timeout;

  /** One run of the cron's work. */
  protected abstract task(): Promise<unknown>;

  /** What must be done once before the first run (awaited at start-up). */
  protected async beforeFirstRun(): Promise<void> {}

  async onApplicationBootstrap() {
    await this.beforeFirstRun();
    this.timer = setInterval(() => void this.flight.run(), this.everyMs);
    void this.flight.run();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.flight.idle();
  }

  /** Runs now, or once more right after the run under way (every caller meanwhile shares it). */
  run(): Promise<void> {
    return this.flight.run();
  }
}
