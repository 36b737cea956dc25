import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { DispatchService } from '@gridflow/dispatch';
import { movesDeadlines } from '@gridflow/domain';
import { NotificationsService, SmsService } from '@gridflow/notifications';
import { JobHandler, JobName, OutboxRelay, QueueName, type TicketEventPayload } from '@gridflow/queue';
import { StatsService } from '@gridflow/stats';
import { DeadlinesService } from '@gridflow/tickets';
import { WebhooksService } from '@gridflow/webhooks';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/**
 * Every ticket timeline event, relayed from the outbox, fans out here: the step's timers,
 * the dispatch desk, notifications (staff inbox, residents' SMS) and webhooks. Each consumer is idempotent, so a
 * re-delivered event (or a retry after one consumer failed) does no harm.
 */
@Processor(QueueName.TicketEvents)
export class TicketEventsProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.TicketEvents;

  constructor(
    failureRecorder: JobFailureRecorder,
    config: AppConfig,
    private readonly deadlines: DeadlinesService,
    private readonly dispatch: DispatchService,
    private readonly notifications: NotificationsService,
    private readonly sms: SmsService,
    private readonly webhooks: WebhooksService,
    private readonly stats: StatsService,
    private readonly outbox: OutboxRelay,
  ) {
    super(failureRecorder, config);
  }

  @JobHandler(JobName.TicketEvent)
  async ticketEvent(job: Job<TicketEventPayload>): Promise<void> {
    const e = job.data;
    // New steps, levels, extensions and resumes bring new deadlines; arming is idempotent.
    if (movesDeadlines(e.type)) await this.deadlines.arm(e.ticketId);
    await this.dispatch.onTicketEvent(e);
    await this.notifications.onTicketEvent(e);
    await this.sms.onTicketEvent(e);
    await this.webhooks.onTicketEvent(e);
    await this.stats.refreshTicket(e.ticketId);
    // Done: the relay no longer needs to send it again should Redis lose the job.
    if (e.outboxId) await this.outbox.markProcessed(e.outboxId);
  }
}
