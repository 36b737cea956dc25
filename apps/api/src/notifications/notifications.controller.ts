import { Controller, Get, Headers, HttpCode, type MessageEvent, Param, Post, Query, Sse } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProperty, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { AccessTokenVerifier, CurrentUser, Public } from '@gridflow/auth';
import { type AuthUser, DomainException, ErrorCode } from '@gridflow/domain';
import { NotificationStream, NotificationsService } from '@gridflow/notifications';
import { ListNotificationsQuery } from './dto/notifications.dto.js';
import { STREAM_TICKET_TTL_SECONDS, StreamTicketService } from './stream-tickets.service.js';
import { NotificationPageView, NotificationView } from './dto/notification-view.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

export class StreamTicketView {
  @ApiProperty({ description: `single-use, valid ${STREAM_TICKET_TTL_SECONDS} s: GET /notifications/stream?ticket=…` })
  ticket!: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt!: string;
}

@ApiTags('notifications')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('notifications')
export class NotificationsController {
  constructor(
    private readonly notifications: NotificationsService,
    private readonly stream: NotificationStream,
    private readonly tokens: AccessTokenVerifier,
    private readonly tickets: StreamTicketService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'My notifications, newest first, with my unread count' })
  @ApiErrors(400)
  @ApiOkResponse({ type: NotificationPageView })
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
  @ApiErrors(404)
  @ApiOkResponse({ type: NotificationView })
  read(@CurrentUser() user: AuthUser, @Param('id') id: string) {
    return this.notifications.markRead(user, id);
  }

  @Post('stream-ticket')
  @ApiOperation({ summary: 'A single-use ticket (valid 60 s) for opening the notification stream' })
  streamTicket(@Headers('authorization') authorization: string | undefined): Promise<StreamTicketView> {
    // The guard has checked this bearer token; the ticket stands for it.
    const token = AccessTokenVerifier.bearer(authorization);
    if (!token) throw new DomainException(ErrorCode.Unauthenticated, 'A bearer token is required');
    return this.tickets.issue(token);
  }

  /**
   * Server-sent events: my new notifications as they arrive (`data:` JSON, `id:` the
   * notification id; a reconnect with Last-Event-ID first gets what it missed), a heartbeat
   * comment every 25 s. EventSource cannot send headers, so a browser first takes a stream
   * ticket and opens `?ticket=…`; the long-lived JWT is never put in the URL (a URL reaches
   * logs, proxies and history). Other clients may send the bearer header instead.
   */
  @Public()
  @Sse('stream')
  @ApiOperation({ summary: 'Live stream (text/event-stream) of my new notifications' })
  @ApiQuery({ name: 'ticket', required: false, description: 'from POST /notifications/stream-ticket (single use)' })
  @ApiQuery({
    name: 'lastEventId',
    required: false,
    description: 'as the Last-Event-ID header, for a reconnect by hand',
  })
  async streamMine(
    @Headers('authorization') authorization: string | undefined,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Query('ticket') ticket: unknown,
    @Query('lastEventId') lastEventIdQuery: unknown,
    @Query('access_token') accessToken: unknown,
  ): Promise<Observable<MessageEvent>> {
    if (accessToken !== undefined) {
      throw new DomainException(
        ErrorCode.Unauthenticated,
        'Access tokens are not accepted in the URL: POST /api/v1/notifications/stream-ticket and open ?ticket=',
      );
    }
    const bearer = AccessTokenVerifier.bearer(authorization);
    // A client that reconnects with a new ticket (a new EventSource) cannot send the header.
    const since = lastEventId ?? (typeof lastEventIdQuery === 'string' ? lastEventIdQuery : undefined);
    const { user, expiresAt } =
      typeof ticket === 'string'
        ? await this.tickets.redeem(ticket)
        : await this.tokens.verifyWithExpiry(bearer ?? null);
    return this.stream.open(user.id, {
      until: expiresAt ?? undefined,
      backlog: since ? () => this.notifications.since(user.id, since) : undefined,
    });
  }
}
