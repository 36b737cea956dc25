import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { type DeadlinePayload, JobHandler, JobName, QueueName } from '@gridflow/queue';
import { DeadlinesService } from '@gridflow/tickets';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Warnings (80 %) and escalations (100 %, 200 %, …) of ticket steps: see DeadlinesService. */
@Processor(QueueName.Deadlines)
export class DeadlinesProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.Deadlines;

  constructor(
    failureRecorder: JobFailureRecorder,
    config: AppConfig,
    private readonly deadlines: DeadlinesService,
  ) {
    super(failureRecorder, config);
  }

  /**
   * A timer woke us: process everything due now in batches (a burst of timers is one set of
   * statements, not thousands of transactions), then make sure this job's own ticket was
   * handled or re-armed if the timer woke early.
   */
  @JobHandler(JobName.Deadline)
  async deadline(job: Job<DeadlinePayload>): Promise<string> {
    await this.deadlines.processDue();
    return this.deadlines.fire(job.data);
  }
}
