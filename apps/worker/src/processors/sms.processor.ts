import { Processor } from '@nestjs/bullmq';
import { type Job, UnrecoverableError } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { SmsSendError, SmsService } from '@gridflow/notifications';
import { JobHandler, JobName, QueueName, type SmsSendPayload } from '@gridflow/queue';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Residents' SMS: one send per attempt, retried by BullMQ with backoff unless the gateway refused it. */
@Processor(QueueName.Sms)
export class SmsProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.Sms;

  constructor(
    failureRecorder: JobFailureRecorder,
    config: AppConfig,
    private readonly sms: SmsService,
  ) {
    super(failureRecorder, config);
  }

  @JobHandler(JobName.SmsSend)
  async smsSend(job: Job<SmsSendPayload>): Promise<string> {
    // attemptsMade counts the attempts that failed before this one.
    const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
    try {
      return await this.sms.send(job.data.smsId, { lastAttempt });
    } catch (err) {
      // A 4xx (the gateway refused this message) is not retried: BullMQ fails the job at once.
      if (err instanceof SmsSendError && !err.retryable) throw new UnrecoverableError(err.message);
      throw err;
    }
  }
}
