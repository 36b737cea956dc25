import { OnWorkerEvent, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import type { Job } from 'bullmq';
import type { AppConfig } from '@gridflow/config';
import { jobHandlerOf, jobHandlersOf, type JobName, type QueueName } from '@gridflow/queue';
import type { JobFailureRecorder } from './job-failure.recorder.js';

/**
 * Base of every processor: routes a job to the method marked @JobHandler(job.name) and
 * records jobs that failed for good. A job name without a handler fails loudly (the
 * start-up check makes that impossible for known names).
 */
export abstract class JobDispatchingProcessor extends WorkerHost {
  abstract readonly queueName: QueueName;
  protected readonly logger = new Logger(this.constructor.name);

  protected constructor(
    private readonly failureRecorder: JobFailureRecorder,
    private readonly appConfig: AppConfig,
  ) {
    super();
  }

  /** WORKER_CONCURRENCY jobs at a time per queue and process. */
  onApplicationBootstrap() {
    this.worker.concurrency = this.appConfig.workerConcurrency;
  }

  handledJobs(): JobName[] {
    return [...jobHandlersOf(this).keys()];
  }

  /** `token` is the job's lock token (for handlers that move their own job, e.g. back to delayed). */
  async process(job: Job, token?: string): Promise<unknown> {
    const handler = jobHandlerOf(this, job.name as JobName);
    if (!handler) throw new Error(`No handler for job "${job.name}" on queue "${this.queueName}"`);
    return handler(job, token);
  }

  /**
   * Connection or Redis errors (e.g. keys that vanished in a FLUSHALL under an active job):
   * logged, and the worker carries on — the sweeper re-arms what was lost.
   */
  @OnWorkerEvent('error')
  onError(error: Error) {
    this.logger.warn(`${this.queueName}: ${error.message}`);
  }

  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error) {
    if (job) await this.failureRecorder.record(this.queueName, job, error);
  }
}
