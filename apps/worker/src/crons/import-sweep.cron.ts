import { Injectable } from '@nestjs/common';
import { AddressImportsService, HotlineImportsService } from '@gridflow/imports';
import { Cron } from './cron.js';

/**
 * At start and every minute: queue again every import PostgreSQL says is queued or running
 * (deterministic job ids make this a no-op while Redis still has the job). Redis keeps
 * nothing on disk on our machines; an import must not wait forever because it lost its job.
 */
@Injectable()
export class ImportSweep extends Cron {
  protected readonly everyMs = 60_000;

  constructor(
    private readonly imports: HotlineImportsService,
    private readonly addressImports: AddressImportsService,
  ) {
    super();
  }

  protected async task() {
    return (await this.imports.rearmPending()) + (await this.addressImports.rearmPending());
  }
}
