import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { SmsService } from '@gridflow/notifications';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { ListSmsQuery, SmsPageView } from './dto/sms.dto.js';

/** Residents' SMS (短信记录), admin only, for tickets in the admin's scope. */
@ApiTags('sms')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('sms')
export class SmsController {
  constructor(private readonly sms: SmsService) {}

  @Get()
  @ApiOperation({ summary: 'SMS sent to residents, newest first: masked phone, text, status, attempts' })
  @ApiErrors(400)
  @ApiOkResponse({ type: SmsPageView })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListSmsQuery) {
    return this.sms.list(actor, query);
  }
}
