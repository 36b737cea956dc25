import { JOB_QUEUE, JobName, type QueueName } from './queue-names.js';

export interface HandlerDeclaration {
  processor: string;
  queue: QueueName;
  jobs: JobName[];
}

/**
 * Every job name must have exactly one handler, on the queue the job is sent to. Returns
 * the problems (empty when all is well); the worker refuses to start otherwise.
 */
export function checkJobHandlers(declarations: HandlerDeclaration[]): string[] {
  const problems: string[] = [];
  const seen = new Map<JobName, string[]>();
  for (const d of declarations) {
    for (const job of d.jobs) {
      seen.set(job, [...(seen.get(job) ?? []), d.processor]);
      if (JOB_QUEUE[job] !== d.queue) {
        problems.push(`${d.processor} handles "${job}" on queue "${d.queue}", but it is sent to "${JOB_QUEUE[job]}"`);
      }
    }
  }
  for (const job of Object.values(JobName)) {
    const owners = seen.get(job) ?? [];
    if (owners.length === 0) problems.push(`job "${job}" has no handler`);
    if (owners.length > 1) problems.push(`job "${job}" has ${owners.length} handlers: ${owners.join(', ')}`);
  }
  return problems;
}
