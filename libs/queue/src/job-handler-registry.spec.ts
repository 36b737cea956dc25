import { checkJobHandlers, type HandlerDeclaration } from './job-handler-registry.js';
import { JOB_QUEUE, JobName, QueueName } from './queue-names.js';

/** One processor per queue, handling exactly the jobs sent to it. */
const complete = (): HandlerDeclaration[] =>
  Object.values(QueueName).map((queue) => ({
    processor: `${queue}-processor`,
    queue,
    jobs: Object.values(JobName).filter((j) => JOB_QUEUE[j] === queue),
  }));

describe('checkJobHandlers', () => {
  it('passes when every job has one handler on its queue', () => {
    expect(checkJobHandlers(complete())).toEqual([]);
  });

  it('reports a job without a handler', () => {
    const declarations = complete().map((d) => ({ ...d, jobs: d.jobs.filter((j) => j !== JobName.Deadline) }));
    expect(checkJobHandlers(declarations)).toEqual([`job "${JobName.Deadline}" has no handler`]);
  });

  it('reports a job with two handlers', () => {
    const problems = checkJobHandlers([
      ...complete(),
      { processor: 'Extra', queue: QueueName.System, jobs: [JobName.HealthProbe] },
    ]);
    expect(problems.join()).toMatch(/2 handlers: system-processor, Extra/);
  });

  it('reports a handler listening on the wrong queue', () => {
    const problems = checkJobHandlers([
      ...complete().filter((d) => d.queue !== QueueName.Deadlines),
      { processor: 'Misplaced', queue: QueueName.System, jobs: [JobName.Deadline] },
    ]);
    expect(problems.join()).toMatch(
      /Misplaced handles "ticket-deadline" on queue "system", but it is sent to "deadlines"/,
    );
  });
});
