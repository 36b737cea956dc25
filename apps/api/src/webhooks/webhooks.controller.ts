import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { WebhooksService } from '@gridflow/webhooks';
import { PageQueryDto } from '../common/page-query.dto.js';
import { CreateWebhookDto, UpdateWebhookDto } from './dto/webhook.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/** Outgoing webhooks, admin only, within the admin's scope (others' webhooks answer 404). */
@ApiTags('webhooks')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Subscribe a URL to ticket events; the answer is the only one that shows the secret' })
  @ApiErrors(400)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateWebhookDto) {
    return this.webhooks.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: "The webhooks in the admin's scope (no secrets)" })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: PageQueryDto) {
    return this.webhooks.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A webhook in my scope (no secret)' })
  @ApiErrors(400, 404)
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change the URL, events or active flag of a webhook' })
  @ApiErrors(400, 404)
  update(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWebhookDto) {
    return this.webhooks.update(actor, id, body);
  }

  @Post(':id/rotate-secret')
  @HttpCode(200)
  @ApiOperation({ summary: 'A new signing secret, shown in this answer only; the old one stops at once' })
  @ApiErrors(400, 404)
  rotateSecret(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.webhooks.rotateSecret(actor, id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: 'Deliveries of this webhook, newest first: status, attempts, last answer' })
  @ApiErrors(400, 404)
  deliveries(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQueryDto) {
    return this.webhooks.listDeliveries(actor, id, query);
  }
}
