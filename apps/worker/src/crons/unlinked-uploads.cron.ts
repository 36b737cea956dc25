import { Injectable, Logger } from '@nestjs/common';
import { AttachmentsService } from '@gridflow/tickets';
import { Cron } from './cron.js';

/**
 * At start and every hour: uploads that no ticket links and that are older than 24 hours are
 * removed, row and file (an anonymous visitor cannot fill the disk with orphans).
 */
@Injectable()
export class UnlinkedUploadsCleanup extends Cron {
  protected readonly everyMs = 60 * 60_000;
  private readonly logger = new Logger('UnlinkedUploadsCleanup');

  constructor(private readonly attachments: AttachmentsService) {
    super();
  }

  protected async task() {
    const { rows, files } = await this.attachments.sweepUnlinked();
    if (rows > 0) this.logger.log(`removed ${rows} unlinked attachment(s), ${files} file(s)`);
  }
}
