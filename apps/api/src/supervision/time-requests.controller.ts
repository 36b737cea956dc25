import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser } from '@gridflow/auth';
import { type AuthUser, invalidField } from '@gridflow/domain';
import { TimeRequestsService } from '@gridflow/tickets';
import {
  ApproveTimeRequestDto,
  ExtensionRequestDto,
  RefuseTimeRequestDto,
  SuspensionRequestDto,
} from './dto/supervision.dto.js';
import { TimeRequestPageView } from './dto/time-request-view.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/**
 * 延期 (extension) and 挂账 (suspension) of a ticket's current step. Roles are checked by the
 * service after scope, so a ticket out of scope is 404 for everyone.
 */
@ApiTags('supervision')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('tickets')
export class TimeRequestsController {
  constructor(private readonly requests: TimeRequestsService) {}

  @Get(':id/time-requests')
  @ApiOperation({ summary: 'The extension and suspension requests of a ticket in scope, oldest first' })
  @ApiErrors(404)
  @ApiOkResponse({ type: TimeRequestPageView })
  list(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.requests.list(actor, id);
  }

  @Post(':id/extension-requests')
  @ApiOperation({ summary: '延期: the assignee asks for a later due time, before the step is due → 201 request' })
  @ApiErrors(400, 403, 404, 409)
  requestExtension(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() body: ExtensionRequestDto) {
    // ISO 8601 allows forms JavaScript cannot read (week dates `2030-W03`): a 400, not an Invalid Date.
    if (Number.isNaN(Date.parse(body.requestedDueAt))) {
      throw invalidField('requestedDueAt', 'must be a date-time such as 2030-01-15T10:00:00Z');
    }
    return this.requests.requestExtension(actor, id, {
      reason: body.reason,
      requestedDueAt: new Date(body.requestedDueAt),
    });
  }

  @Post(':id/suspension-requests')
  @ApiOperation({ summary: '挂账: the assignee (grid staff for an accepted ticket) asks to pause the clock → 201' })
  @ApiErrors(400, 403, 404, 409)
  requestSuspension(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Body() body: SuspensionRequestDto) {
    return this.requests.requestSuspension(actor, id, body);
  }

  @Post(':id/time-requests/:requestId/approve')
  @HttpCode(200)
  @ApiOperation({ summary: 'A supervisor approves a pending request: a new due time, or the clock paused' })
  @ApiErrors(400, 403, 404, 409)
  approve(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Body() body: ApproveTimeRequestDto,
  ) {
    return this.requests.approve(actor, id, requestId, body.note);
  }

  @Post(':id/time-requests/:requestId/refuse')
  @HttpCode(200)
  @ApiOperation({ summary: 'A supervisor refuses a pending request, saying why' })
  @ApiErrors(400, 403, 404, 409)
  refuse(
    @CurrentUser() actor: AuthUser,
    @Param('id') id: string,
    @Param('requestId') requestId: string,
    @Body() body: RefuseTimeRequestDto,
  ) {
    return this.requests.refuse(actor, id, requestId, body.note);
  }

  @Post(':id/time-requests/:requestId/resume')
  @HttpCode(200)
  @ApiOperation({ summary: 'Ends a suspension: the clock runs again with the time that was left' })
  @ApiErrors(403, 404, 409)
  resume(@CurrentUser() actor: AuthUser, @Param('id') id: string, @Param('requestId') requestId: string) {
    return this.requests.resume(actor, id, requestId);
  }
}
