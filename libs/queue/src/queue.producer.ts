import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, QueueName, type JobPayload, type JobResult } from './queue-names.js';

/** The one way to put a job on a queue: the job name decides the queue and the payload type. */
@Injectable()
export class QueueProducer {
  private readonly queues: Record<QueueName, Queue>;

  constructor(
    @InjectQueue(QueueName.System) system: Queue,
    @InjectQueue(QueueName.TicketEvents) ticketEvents: Queue,
    @InjectQueue(QueueName.Deadlines) deadlines: Queue,
    @InjectQueue(QueueName.Dispatch) dispatch: Queue,
    @InjectQueue(QueueName.Webhooks) webhooks: Queue,
    @InjectQueue(QueueName.Imports) imports: Queue,
    @InjectQueue(QueueName.Sms) sms: Queue,
  ) {
    this.queues = {
      [QueueName.System]: system,
      [QueueName.TicketEvents]: ticketEvents,
      [QueueName.Deadlines]: deadlines,
      [QueueName.Dispatch]: dispatch,
      [QueueName.Webhooks]: webhooks,
      [QueueName.Imports]: imports,
      [QueueName.Sms]: sms,
    };
  }

  add<J extends JobName>(
    name: J,
    payload: JobPayload<J>,
    options: Pick<JobsOptions, 'jobId' | 'delay' | 'priority' | 'removeOnComplete' | 'attempts' | 'backoff'> = {},
  ): Promise<Job<JobPayload<J>, JobResult<J>, J>> {
    return this.queues[JOB_QUEUE[name]].add(name, payload, options) as Promise<Job<JobPayload<J>, JobResult<J>, J>>;
  }

  /** Many jobs of one name in one round trip. */
  addBulk<J extends JobName>(
    name: J,
    jobs: { payload: JobPayload<J>; options?: Pick<JobsOptions, 'jobId' | 'delay' | 'priority'> }[],
  ) {
    if (jobs.length === 0) return Promise.resolve([]);
    return this.queues[JOB_QUEUE[name]].addBulk(jobs.map((j) => ({ name, data: j.payload, opts: j.options })));
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
