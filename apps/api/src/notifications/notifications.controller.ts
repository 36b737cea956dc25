import { Controller, Get, Headers, HttpCode, type MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AccessTokenVerifier, CurrentUser, Public } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { NotificationStream, NotificationsService } from '@gridflow/notifications';
import { ListNotificationsQuery } from './dto/notifications.dto.js';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with my unread count' })
  list(@CurrentUser() user: AuthUser, @Query() query: ListNotificationsQuery) {
    return this.notifications.list(user, query);
  }

  @Post('read-all')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks all my notifications read' })
  readAll(@CurrentUser() user: AuthUser) {
    return this.notifications.markAllRead(user);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Marks one of my notifications read → the notification (404 if not mine)' })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }

  /**
   * Server-sent events: my new notifications as they arrive (`data:` JSON, `id:` the
   * notification id; a reconnect with Last-Event-ID first gets what it missed), a heartbeat
   * comment every 25 s. EventSource cannot send headers, hence `?access_token=`; the route
   * is @Public() for the guard and checks the token itself, by the same rules.
   */
  @Public()
  @Sse('stream')
  @ApiOperation({ summary: 'Live stream (text/event-stream) of my new notifications' })
  @ApiQuery({ name: 'access_token', required: false, description: 'the JWT, for EventSource clients' })
  async streamMine(
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('access_token') accessToken: string | undefined,
  ): Promise<Observable<MessageEvent>> {
    const { user, expiresAt } = await this.tokens.verifyWithExpiry(
      AccessTokenVerifier.bearer(authorization) ?? (typeof accessToken === 'string' ? accessToken : null),
    );
    return this.stream.open(user.id, {
      until: expiresAt ?? undefined,
      backlog: lastEventId ? () => this.notifications.since(user.id, lastEventId) : undefined,
    });
  }
}
