import { BullModule } from '@nestjs/bullmq';
import { Global, Module } from '@nestjs/common';
import { AppConfig } from '@gridflow/config';
import { ChangeFeed } from './change-feed.service.js';
import { DEFAULT_JOB_OPTIONS } from './job-options.js';
import { QueueProducer } from './queue.producer.js';
import { QueueName } from './queue-names.js';
import { bullConnection } from './redis-connection.js';
import { REDIS, redisProvider, RedisServerCheck } from './redis.provider.js';

const queues = Object.values(QueueName).map((name) => BullModule.registerQueue({ name }));

/** BullMQ on REDIS_URL under QUEUE_PREFIX (tests use their own prefix), the producer, the Redis check. */
@Global()
@Module({
  imports: [
    BullModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        connection: bullConnection(config),
        prefix: config.queuePrefix,
        defaultJobOptions: DEFAULT_JOB_OPTIONS,
      }),
    }),
    ...queues,
  ],
  providers: [redisProvider, RedisServerCheck, QueueProducer, ChangeFeed],
  exports: [REDIS, QueueProducer, ChangeFeed, ...queues],
})
export class QueueModule {}
