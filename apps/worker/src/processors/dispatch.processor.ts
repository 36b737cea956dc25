import { Processor } from '@nestjs/bullmq';
import type { Job } from 'bullmq';
import { AppConfig } from '@gridflow/config';
import { DispatchService } from '@gridflow/dispatch';
import { type AutoDispatchPayload, JobHandler, JobName, QueueName, type RankCandidatesPayload } from '@gridflow/queue';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';
import { JobFailureRecorder } from './job-failure.recorder.js';

/** Candidate ranking and auto-dispatch (村社派单): see DispatchService. */
@Processor(QueueName.Dispatch)
export class DispatchProcessor extends JobDispatchingProcessor {
  readonly queueName = QueueName.Dispatch;

  constructor(
    failureRecorder: JobFailureRecorder,
    config: AppConfig,
    private readonly dispatch: DispatchService,
  ) {
    super(failureRecorder, config);
  }

  @JobHandler(JobName.RankCandidates)
  async rankCandidates(job: Job<RankCandidatesPayload>): Promise<void> {
    await this.dispatch.rank(job.data.ticketId, job.data.stepSeq);
  }

  /** Returns the outcome (dispatched, stale, disabled, no-candidate), kept on the job. */
  @JobHandler(JobName.AutoDispatch)
  autoDispatch(job: Job<AutoDispatchPayload>): Promise<string> {
    return this.dispatch.autoDispatch(job.data.ticketId, job.data.stepSeq);
  }
}
