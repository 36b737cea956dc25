import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AppConfig } from '@gridflow/config';
import { TicketsModule } from '@gridflow/tickets';
import { Notification } from './notification.entity.js';
import { NotificationStream } from './notification-stream.service.js';
import { NotificationsService } from './notifications.service.js';
import { HttpSmsProvider } from './sms/http-sms.provider.js';
import { LogSmsProvider } from './sms/log-sms.provider.js';
import { SmsMessage } from './sms/sms-message.entity.js';
import { SMS_PROVIDER, type SmsProvider } from './sms/sms-provider.js';
import { DEFAULT_SMS_RETRY, SMS_RETRY } from './sms/sms-retry.js';
import { SmsService } from './sms/sms.service.js';

/** SMS_DRIVER picks the provider (AppConfig has checked that `http` has its gateway and key). */
function smsProvider(config: AppConfig): SmsProvider {
  const { driver, gatewayUrl, gatewaySecret } = config.sms;
  return driver === 'http' ? new HttpSmsProvider(gatewayUrl!, gatewaySecret!) : new LogSmsProvider();
}

/** Staff: the inbox (notifications of ticket events) and its live push over Redis. Residents: SMS. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification, SmsMessage]), TicketsModule],
  providers: [
    NotificationsService,
    NotificationStream,
    SmsService,
    { provide: SMS_PROVIDER, inject: [AppConfig], useFactory: smsProvider },
    { provide: SMS_RETRY, useValue: DEFAULT_SMS_RETRY },
  ],
  exports: [NotificationsService, NotificationStream, SmsService],
})
export class NotificationsModule {}
