/**
 * WARNING: these values are persisted — in Redis (queue keys, job names of delayed jobs)
 * and in PostgreSQL (job_failure rows, the outbox). Renaming one orphans every job already
 * queued under the old name. Add new names; never rename or reuse old ones.
 */
export enum QueueName {
  /** Operational jobs: the queue round-trip probe. */
  System = 'system',
}

/** WARNING: persisted in Redis and PostgreSQL — see QueueName. */
export enum JobName {
  /** Proves that a worker consumes the queues (GET /health/queue). */
  HealthProbe = 'health-probe',
}

/** Which queue each job runs on. */
export const JOB_QUEUE: Record<JobName, QueueName> = {
  [JobName.HealthProbe]: QueueName.System,
};

export interface HealthProbePayload {
  requestedAt: string;
  requestedBy: string;
}

export interface HealthProbeResult {
  processedBy: string;
  processedAt: string;
}

/** Payload and result type of every job: ids and the state they expect, never snapshots. */
export interface JobTypes {
  [JobName.HealthProbe]: { payload: HealthProbePayload; result: HealthProbeResult };
}

export type JobPayload<J extends JobName> = JobTypes[J]['payload'];
export type JobResult<J extends JobName> = JobTypes[J]['result'];
