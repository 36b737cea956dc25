import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { logRedisErrors } from './redis-connection.js';
import { REDIS } from './redis.provider.js';

/** WARNING: topic names are Redis channel names shared by running instances: never rename. */
export type ChangeTopic = 'grid-changes' | 'calendar-changes' | 'catalog-changes' | 'user-changes';

/**
 * Tells the other API instances that reference data held in memory (the grid index, the
 * working calendar) changed in PostgreSQL, so they re-read it. Messages carry keys only;
 * the database stays the source of truth, and a lost message is repaired by the next one
 * or a restart.
 */
@Injectable()
export class ChangeFeed implements OnApplicationShutdown {
  private readonly logger = new Logger('ChangeFeed');
  private subscriber?: Redis;
  private readonly handlers = new Map<string, (keys: string[]) => Promise<void>>();

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private channel(topic: ChangeTopic) {
    return `${this.config.queuePrefix}:${topic}`;
  }

  async subscribe(topic: ChangeTopic, handler: (keys: string[]) => Promise<void>) {
    if (!this.subscriber) {
      this.subscriber = this.redis.duplicate();
      logRedisErrors(this.subscriber, 'ChangeFeed');
      this.subscriber.on('message', (channel: string, message: string) => {
        const h = this.handlers.get(channel);
        h?.(message.split(',').filter(Boolean)).catch((err: unknown) =>
          this.logger.error(`handling ${channel} ${message} failed: ${String(err)}`),
        );
      });
    }
    this.handlers.set(this.channel(topic), handler);
    await this.subscriber.subscribe(this.channel(topic));
  }

  async publish(topic: ChangeTopic, keys: string[]) {
    await this.redis.publish(this.channel(topic), keys.join(','));
  }

  async onApplicationShutdown() {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }
}
