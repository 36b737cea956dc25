import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { AttachmentsService } from '@gridflow/tickets';

const SWEEP_MS = 60 * 60_000;

/**
 * At start and every hour: uploads that no ticket links and that are older than 24 hours are
 * removed, row and file (an anonymous visitor cannot fill the disk with orphans).
 */
@Injectable()
export class AttachmentSweeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('AttachmentSweeper');
  private timer?: NodeJS.Timeout;
  private running: Promise<unknown> | null = null;

  constructor(private readonly attachments: AttachmentsService) {}

  onApplicationBootstrap() {
    this.timer = setInterval(() => void this.sweep(), SWEEP_MS);
    void this.sweep();
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    await this.running;
  }

  sweep() {
    this.running ??= this.attachments
      .sweepUnlinked()
      .then(({ rows, files }) => {
        if (rows > 0) this.logger.log(`removed ${rows} unlinked attachment(s), ${files} file(s)`);
      })
      .catch((err: unknown) => this.logger.error(`sweep failed: ${String(err)}`))
      .finally(() => (this.running = null));
    return this.running;
  }
}
