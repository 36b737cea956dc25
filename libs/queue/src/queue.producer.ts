import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { Job, JobsOptions, Queue } from 'bullmq';
import { JOB_QUEUE, JobName, QueueName, type JobPayload, type JobResult } from './queue-names.js';

/** The one way to put a job on a queue: the job name decides the queue and the payload type. */
@Injectable()
export class QueueProducer {
  private readonly queues: Record<QueueName, Queue>;

  constructor(@InjectQueue(QueueName.System) system: Queue) {
    this.queues = { [QueueName.System]: system };
  }

  add<J extends JobName>(
    name: J,
    payload: JobPayload<J>,
    options: Pick<JobsOptions, 'jobId' | 'delay' | 'priority' | 'removeOnComplete'> = {},
  ): Promise<Job<JobPayload<J>, JobResult<J>, J>> {
    return this.queues[JOB_QUEUE[name]].add(name, payload, options) as Promise<Job<JobPayload<J>, JobResult<J>, J>>;
  }

  queue(name: QueueName): Queue {
    return this.queues[name];
  }
}
