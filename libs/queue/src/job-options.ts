import type { JobsOptions } from 'bullmq';

/**
 * Defaults for every job: retried with exponential backoff, completed jobs trimmed, failed
 * jobs kept in Redis for a week (and recorded in PostgreSQL by the worker).
 */
export const DEFAULT_JOB_OPTIONS: JobsOptions = {
  attempts: 5,
  backoff: { type: 'exponential', delay: 2_000 },
  removeOnComplete: { age: 24 * 3600, count: 10_000 },
  removeOnFail: { age: 7 * 24 * 3600 },
};
