import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { jobHandlersOf, type JobName, type QueueName } from '@gridflow/queue';
import type { JobFailureRecorder } from './job-failure.recorder.js';

/**
 * Base of every processor: routes a job to the method marked @JobHandler(job.name) and
 * records jobs that failed for good. A job name without a handler fails loudly (the
 * start-up check makes that impossible for known names).
 */
export abstract class JobDispatchingProcessor extends WorkerHost {
  abstract readonly queueName: QueueName;

  protected constructor(private readonly failureRecorder: JobFailureRecorder) {
    super();
  }

  handledJobs(): JobName[] {
    return [...jobHandlersOf(this).keys()];
  }

  async process(job: Job): Promise<unknown> {
    const method = jobHandlersOf(this).get(job.name as JobName);
    if (!method) throw new Error(`No handler for job "${job.name}" on queue "${this.queueName}"`);
    return (this as unknown as Record<string | symbol, (job: Job) => Promise<unknown>>)[method](job);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error) {
    if (job) await this.failureRecorder.record(this.queueName, job, error);
  }
}
