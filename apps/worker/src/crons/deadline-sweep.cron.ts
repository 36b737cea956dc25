import { Injectable } from '@nestjs/common';
import { DeadlinesService } from '@gridflow/tickets';
import { Cron } from './cron.js';

/**
 * 黄灯/红灯/督办 from PostgreSQL: at start every open step's timers are armed in Redis; then
 * every 30 s whatever is due is fired and the timers Redis lost (FLUSHALL, a restart without
 * persistence) are armed again — delay, never loss.
 */
@Injectable()
export class DeadlineSweep extends Cron {
  protected readonly everyMs = 30_000;

  constructor(private readonly deadlines: DeadlinesService) {
    super();
  }

  protected override async beforeFirstRun() {
    // A fresh Redis, or new code: arm everything once.
    await this.deadlines.armAll();
  }

  protected task() {
    return this.deadlines.sweep();
  }
}
