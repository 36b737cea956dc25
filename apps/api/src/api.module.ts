import { type DynamicModule, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AddressesModule } from '@gridflow/addresses';
import { AuthGuard, AuthModule, RateLimitGuard } from '@gridflow/auth';
import { CatalogModule } from '@gridflow/catalog';
import { type AppConfig, AppConfigModule, loggerModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import { DispatchModule } from '@gridflow/dispatch';
import { HealthModule } from '@gridflow/health';
import { ImportsModule } from '@gridflow/imports';
import { NotificationsModule } from '@gridflow/notifications';
import { Open311Module } from '@gridflow/open311';
import { OrgModule } from '@gridflow/org';
import { QueueModule } from '@gridflow/queue';
import { StatsModule } from '@gridflow/stats';
import { TopicsModule } from '@gridflow/topics';
import { TicketsModule } from '@gridflow/tickets';
import { WebhooksModule } from '@gridflow/webhooks';
import { AddressesController } from './addresses/addresses.controller.js';
import { AttachmentsController } from './attachments/attachments.controller.js';
import { AuthController } from './auth/auth.controller.js';
import { CalendarController } from './calendar/calendar.controller.js';
import { CatalogController } from './catalog/catalog.controller.js';
import { DispatchController } from './dispatch/dispatch.controller.js';
import { GridsController } from './grids/grids.controller.js';
import { QueueProbeController } from './health/queue-probe.controller.js';
import { QueueProbeService } from './health/queue-probe.service.js';
import { DepartmentsController } from './departments/departments.controller.js';
import { ImportsController } from './imports/imports.controller.js';
import { MetricsModule } from './metrics/metrics.module.js';
import { NotificationsController } from './notifications/notifications.controller.js';
import { StreamTicketService } from './notifications/stream-tickets.service.js';
import { Open311KeysController } from './open311/open311-keys.controller.js';
import { Open311Controller } from './open311/open311.controller.js';
import { OrgUnitsController } from './org-units/org-units.controller.js';
import { PolicePairingsController } from './police-pairings/police-pairings.controller.js';
import { PublicController } from './public/public.controller.js';
import { StatsController } from './stats/stats.controller.js';
import { TopicsController, TopicThresholdsController } from './topics/topics.controller.js';
import { CommandController } from './command/command.controller.js';
import { SupervisionController } from './supervision/supervision.controller.js';
import { TimeRequestsController } from './supervision/time-requests.controller.js';
import { TicketExportController } from './tickets/ticket-export.controller.js';
import { TicketsController } from './tickets/tickets.controller.js';
import { UsersController } from './users/users.controller.js';
import { ConsoleConfigController } from './web/console-config.controller.js';
import { SmsController } from './sms/sms.controller.js';
import { WebhooksController } from './webhooks/webhooks.controller.js';
import { WorkersController } from './workers/workers.controller.js';

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
        AuthModule,
        OrgModule,
        CatalogModule,
        TicketsModule,
        StatsModule,
        TopicsModule,
        NotificationsModule,
        DispatchModule,
        WebhooksModule,
        ImportsModule,
        AddressesModule,
        Open311Module,
      ],
      controllers: [
        QueueProbeController,
        AuthController,
        UsersController,
        OrgUnitsController,
        DepartmentsController,
        GridsController,
        WorkersController,
        PolicePairingsController,
        CatalogController,
        CalendarController,
        // before TicketsController: `tickets/export.xlsx` is not a ticket id
        TicketExportController,
        TicketsController,
        TimeRequestsController,
        SupervisionController,
        StatsController,
        TopicsController,
        TopicThresholdsController,
        CommandController,
        PublicController,
        ConsoleConfigController,
        AttachmentsController,
        NotificationsController,
        DispatchController,
        WebhooksController,
        SmsController,
        ImportsController,
        AddressesController,
        Open311Controller,
        Open311KeysController,
      ],
      providers: [
        QueueProbeService,
        StreamTicketService,
        // Order matters: the rate limit answers before authentication is even tried.
        { provide: APP_GUARD, useClass: RateLimitGuard },
        { provide: APP_GUARD, useClass: AuthGuard },
      ],
    };
  }
}
