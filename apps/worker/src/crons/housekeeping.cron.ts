import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { OutboxRelay } from '@gridflow/queue';
import { IdempotencyService, TicketSealService } from '@gridflow/tickets';
import { Cron } from './cron.js';

/**
 * Every 30 s: published outbox rows older than 3 days and expired Idempotency-Keys go;
 * archived tickets whose seal was not stored right away (the sealer failed, the API stopped)
 * are sealed; first-release seals (no key) become HMAC seals where the timeline still matches.
 */
@Injectable()
export class Housekeeping extends Cron {
  protected readonly everyMs = 30_000;
  private readonly logger = new Logger('Housekeeping');

  constructor(
    private readonly outbox: OutboxRelay,
    private readonly idempotency: IdempotencyService,
    private readonly sealer: TicketSealService,
    @InjectDataSource() private readonly db: DataSource,
  ) {
    super();
  }

  protected async task() {
    const trimmed = await this.outbox.trimPublished();
    if (trimmed > 0) this.logger.log(`removed ${trimmed} published outbox row(s)`);
    await this.idempotency.deleteExpired(this.db);
    await this.sealer.sealMissing();
    await this.sealer.upgradeLegacySeals();
  }
}
