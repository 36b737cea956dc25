import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { HotlineImportsService } from '@gridflow/imports';

const SWEEP_MS = 60_000;

/**
 * At start and every minute: queue again every import PostgreSQL says is queued or running
 * (deterministic job ids make this a no-op while Redis still has the job). Redis keeps
 * nothing on disk on our machines; an import must not wait forever because it lost its job.
 */
@Injectable()
export class ImportSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ImportSweeper');
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;

  constructor(private readonly imports: HotlineImportsService) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  sweep() {
    this.running ??= this.imports
      .rearmPending()
      .catch((err: unknown) => this.logger.error(`sweep failed: ${String(err)}`))
      .finally(() => (this.running = null));
    return this.running;
  }
}
