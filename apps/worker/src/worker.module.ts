import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig, AppConfigModule, loggerModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import { HealthModule } from '@gridflow/health';
import { JobFailure, QueueModule } from '@gridflow/queue';
import { JobFailureRecorder } from './processors/job-failure.recorder.js';
import { JobHandlerCheck } from './processors/job-handler.check.js';
import { SystemProcessor } from './processors/system.processor.js';

/** The queue worker: BullMQ processors and a /health endpoint, no business controllers. */
@Module({})
export class WorkerModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        loggerModule('worker'),
        DatabaseModule,
        QueueModule,
        HealthModule,
        DiscoveryModule,
        TypeOrmModule.forFeature([JobFailure]),
      ],
      providers: [JobFailureRecorder, JobHandlerCheck, SystemProcessor],
    };
  }
}
