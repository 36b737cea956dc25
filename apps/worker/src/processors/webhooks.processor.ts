import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { JobHandler, JobName, QueueName, type WebhookDeliveryPayload } from '@gridflow/queue';
import { WebhooksService } from '@gridflow/webhooks';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Outgoing webhook deliveries: one signed POST per attempt, retried by BullMQ with backoff. */
@Processor(QueueName.Webhooks)
export class WebhooksProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.Webhooks;

  constructor(
    failureRecorder: JobFailureRecorder,
    config: AppConfig,
    private readonly webhooks: WebhooksService,
  ) {
    super(failureRecorder, config);
  }

  @JobHandler(JobName.WebhookDelivery)
  async webhookDelivery(job: Job<WebhookDeliveryPayload>): Promise<void> {
    // attemptsMade counts the attempts that failed before this one.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    await this.webhooks.deliver(job.data.deliveryId, { lastAttempt });
  }
}
