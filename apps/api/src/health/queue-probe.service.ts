import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { QueueEvents } from 'bullmq';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { JobName, QueueName, QueueProducer, REDIS, bullConnection, type HealthProbeResult } from '@gridflow/queue';

/**
 * Round trip through the queues: enqueue a probe job and wait for a worker to finish it.
 * Proves what /health cannot: that some worker is consuming.
 */
@Injectable()
export class QueueProbeService implements OnApplicationShutdown {
  private events?: Promise<QueueEvents>;

  constructor(
    private readonly producer: QueueProducer,
    private readonly config: AppConfig,
    @Inject(REDIS) private readonly redis: Redis,
  ) {}

  async probe(timeoutMs: number): Promise<HealthProbeResult & { roundTripMs: number }> {
    const events = await this.queueEvents();
    const started = Date.now();
    const job = await this.producer.add(
      JobName.HealthProbe,
      { requestedAt: new Date(started).toISOString(), requestedBy: this.config.instanceName },
      { removeOnComplete: { age: 60 } },
    );
    try {
      const result = await job.waitUntilFinished(events, timeoutMs);
      return { ...result, roundTripMs: Date.now() - started };
    } catch (err) {
      await job.remove().catch(() => undefined);
      throw new DomainException(
        ErrorCode.ServiceUnavailable,
        `No worker finished the probe job within ${timeoutMs} ms`,
        [{ field: 'worker', problem: err instanceof Error ? err.message : String(err) }],
      );
    }
  }

  private queueEvents(): Promise<QueueEvents> {
    this.events ??= (async () => {
      // Read the stream from its current end, not from '$' whenever the first blocking read
      // happens to start: a probe finished in between would go unseen (seen on Redis Cluster).
      const key = this.producer.queue(QueueName.System).keys.events;
      const [last] = await this.redis.xrevrange(key, '+', '-', 'COUNT', 1);
      const events = new QueueEvents(QueueName.System, {
        connection: bullConnection(this.config),
        prefix: this.config.queuePrefix,
        lastEventId: last?.[0] ?? '0-0',
      });
      await events.waitUntilReady();
      return events;
    })();
    return this.events;
  }

  async onApplicationShutdown() {
    if (this.events) await (await this.events).close();
  }
}
