import { type DynamicModule, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { type AppConfig, AppConfigModule, loggerModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import { DispatchModule } from '@gridflow/dispatch';
import { HealthModule } from '@gridflow/health';
import { ImportsModule } from '@gridflow/imports';
import { NotificationsModule } from '@gridflow/notifications';
import { JobFailure, OutboxRelay, QueueModule } from '@gridflow/queue';
import { StatsModule } from '@gridflow/stats';
import { TicketsModule } from '@gridflow/tickets';
import { TopicsModule } from '@gridflow/topics';
import { WebhooksModule } from '@gridflow/webhooks';
import { DeadlineSweep } from './crons/deadline-sweep.cron.js';
import { Housekeeping } from './crons/housekeeping.cron.js';
import { ImportSweep } from './crons/import-sweep.cron.js';
import { TopicDetection } from './crons/topic-detection.cron.js';
import { UnlinkedUploadsCleanup } from './crons/unlinked-uploads.cron.js';
import { DeadlinesProcessor } from './processors/deadlines.processor.js';
import { DispatchProcessor } from './processors/dispatch.processor.js';
import { HotlineImportProcessor } from './processors/hotline-import.processor.js';
import { JobFailureRecorder } from './processors/job-failure.recorder.js';
import { JobHandlerCheck } from './processors/job-handler.check.js';
import { SmsProcessor } from './processors/sms.processor.js';
import { SystemProcessor } from './processors/system.processor.js';
import { TicketEventsProcessor } from './processors/ticket-events.processor.js';
import { WebhooksProcessor } from './processors/webhooks.processor.js';

/**
 * The queue worker: the outbox relay, BullMQ job processors (processors/) and timers (crons/);
 * only /health over HTTP.
 */
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
        TicketsModule,
        DispatchModule,
        NotificationsModule,
        WebhooksModule,
        StatsModule,
        ImportsModule,
        TopicsModule,
      ],
      providers: [
        JobFailureRecorder,
        JobHandlerCheck,
        OutboxRelay,
        DeadlineSweep,
        Housekeeping,
        ImportSweep,
        UnlinkedUploadsCleanup,
        TopicDetection,
        SystemProcessor,
        TicketEventsProcessor,
        DeadlinesProcessor,
        DispatchProcessor,
        WebhooksProcessor,
        HotlineImportProcessor,
        SmsProcessor,
      ],
    };
  }
}
