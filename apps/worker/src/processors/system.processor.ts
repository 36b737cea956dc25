import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { JobHandler, JobName, QueueName, type HealthProbePayload, type HealthProbeResult } from '@gridflow/queue';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Operational jobs. */
@Processor(QueueName.System)
export class SystemProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.System;

  constructor(
    failureRecorder: JobFailureRecorder,
    private readonly config: AppConfig,
  ) {
    super(failureRecorder, config);
  }

  @JobHandler(JobName.HealthProbe)
  async healthProbe(_job: Job<HealthProbePayload>): Promise<HealthProbeResult> {
    return { processedBy: this.config.instanceName, processedAt: new Date().toISOString() };
  }
}
