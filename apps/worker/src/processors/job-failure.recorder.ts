import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { Repository } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { JobFailure } from '@gridflow/queue';

/** Keeps a durable record of jobs that failed for good (Redis may lose its own copy). */
@Injectable()
export class JobFailureRecorder {
  private readonly logger = new Logger('JobFailure');

  constructor(
    @InjectRepository(JobFailure) private readonly failures: Repository<JobFailure>,
    private readonly config: AppConfig,
  ) {}

  async record(queueName: string, job: Job, error: Error): Promise<void> {
    const attempts = job.opts.attempts ?? 1;
    if (job.attemptsMade < attempts) {
      this.logger.warn(
        `${queueName}/${job.name} ${job.id} failed (attempt ${job.attemptsMade}/${attempts}): ${error.message}`,
      );
      return;
    }
    this.logger.error(
      `${queueName}/${job.name} ${job.id} failed for good after ${job.attemptsMade} attempts: ${error.message}`,
    );
    await this.failures
      .insert({
        queueName,
        jobName: job.name,
        jobId: job.id ?? null,
        payload: job.data ?? {},
        errorMessage: error.message.slice(0, 4000),
        stack: error.stack?.slice(0, 16000) ?? null,
        attemptsMade: job.attemptsMade,
        worker: this.config.instanceName,
      })
      .catch((err: unknown) => this.logger.error(`could not record failure of job ${job.id}: ${String(err)}`));
  }
}
