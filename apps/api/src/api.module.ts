import { type DynamicModule, Module } from '@nestjs/common';
import { type AppConfig, AppConfigModule, loggerModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import { HealthModule } from '@gridflow/health';
import { QueueModule } from '@gridflow/queue';
import { QueueProbeController } from './health/queue-probe.controller.js';
import { QueueProbeService } from './health/queue-probe.service.js';
import { MetricsModule } from './metrics/metrics.module.js';

/** The HTTP API. Built from a validated config so tests can boot it against their own database. */
@Module({})
export class ApiModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: ApiModule,
      imports: [
        AppConfigModule.forRoot(config),
        loggerModule('api'),
        DatabaseModule,
        QueueModule,
        HealthModule,
        MetricsModule,
      ],
      controllers: [QueueProbeController],
      providers: [QueueProbeService],
    };
  }
}
