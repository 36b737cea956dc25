import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Webhook, WebhookDelivery } from './webhook.entities.js';
import { DEFAULT_WEBHOOK_RETRY, WEBHOOK_RETRY } from './webhook-retry.js';
import { WebhooksService } from './webhooks.service.js';

/** Outgoing webhooks: administration (API), fan-out of ticket events and delivery (worker). */
@Module({
  imports: [TypeOrmModule.forFeature([Webhook, WebhookDelivery])],
  providers: [WebhooksService, { provide: WEBHOOK_RETRY, useValue: DEFAULT_WEBHOOK_RETRY }],
  exports: [WebhooksService],
})
export class WebhooksModule {}
