import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { checkJobHandlers } from '@gridflow/queue';
import { JobDispatchingProcessor } from './job-dispatching.processor.js';

/** Refuses to start a worker in which some job name has no handler, or two. */
@Injectable()
export class JobHandlerCheck implements OnApplicationBootstrap {
  constructor(private readonly discovery: DiscoveryService) {}

  onApplicationBootstrap() {
    const processors = this.discovery
      .getProviders()
      .map((w) => w.instance as unknown)
      .filter((i): i is JobDispatchingProcessor => i instanceof JobDispatchingProcessor);
    const problems = checkJobHandlers(
      processors.map((p) => ({ processor: p.constructor.name, queue: p.queueName, jobs: p.handledJobs() })),
    );
    if (problems.length) throw new Error(`Job handler check failed: ${problems.join('; ')}`);
  }
}
