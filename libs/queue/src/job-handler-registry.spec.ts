import { checkJobHandlers } from './job-handler-registry.js';
import { JobName, QueueName } from './queue-names.js';

describe('checkJobHandlers', () => {
  const all = Object.values(JobName);

  it('passes when every job has one handler on its queue', () => {
    expect(checkJobHandlers([{ processor: 'SystemProcessor', queue: QueueName.System, jobs: all }])).toEqual([]);
  });

  it('reports a job without a handler', () => {
    expect(checkJobHandlers([])).toContain(`job "${JobName.HealthProbe}" has no handler`);
  });

  it('reports a job with two handlers', () => {
    const problems = checkJobHandlers([
      { processor: 'A', queue: QueueName.System, jobs: [JobName.HealthProbe] },
      { processor: 'B', queue: QueueName.System, jobs: [JobName.HealthProbe] },
    ]);
    expect(problems.join()).toMatch(/2 handlers: A, B/);
  });
});
