import { Inject, Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { createRedis, describeRedis, judgeRedisInfo } from './redis-connection.js';

export const REDIS = Symbol('REDIS');

/** A plain Redis client for health checks and small keys; BullMQ opens its own. */
export const redisProvider = {
  provide: REDIS,
  inject: [AppConfig],
  useFactory: (config: AppConfig) => createRedis(config, { maxRetriesPerRequest: 2, connectTimeout: 5000 }, 'Redis'),
};

/** Start-up check of the Redis server (version, eviction policy); closes the client at shutdown. */
@Injectable()
export class RedisServerCheck implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');

  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async onModuleInit() {
    let info: string;
    try {
      info = await this.redis.info();
    } catch (err) {
      throw new Error(`Redis does not answer at ${describeRedis(this.config)}: ${String(err)}`, { cause: err });
    }
    const report = judgeRedisInfo(info);
    if (report.problems.length) throw new Error(report.problems.join('; '));
    for (const w of report.warnings) this.logger.warn(w);
    this.logger.log(`Redis ${report.version}, maxmemory-policy ${report.maxmemoryPolicy ?? 'unknown'}`);
  }

  async onApplicationShutdown() {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
