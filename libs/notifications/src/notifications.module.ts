import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Notification } from './notification.entity.js';
import { NotificationStream } from './notification-stream.service.js';
import { NotificationsService } from './notifications.service.js';

/** The inbox (notifications of ticket events) and its live push over Redis. */
@Module({
  imports: [TypeOrmModule.forFeature([Notification])],
  providers: [NotificationsService, NotificationStream],
  exports: [NotificationsService, NotificationStream],
})
export class NotificationsModule {}
