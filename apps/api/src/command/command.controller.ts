import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { CommandViewService } from '@gridflow/stats';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import { EscalationsQuery, EscalationsView, OpenTicketsQuery, OpenTicketsView } from './dto/command.dto.js';

/**
 * 指挥中心, the city's and counties' wall: open and late tickets by county or township now, and the
 * escalations as they come (admins are not sent 督办 notifications; the console polls this).
 */
@ApiTags('command')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(400, 401, 403)
@Controller('command')
export class CommandController {
  constructor(private readonly command: CommandViewService) {}

  @Get('open-tickets')
  @ApiOperation({ summary: 'Open tickets now, 超时 and 临期 among them, per county or township of the scope' })
  @ApiOkResponse({ type: OpenTicketsView })
  @ApiErrors(404)
  openTickets(@CurrentUser() actor: AuthUser, @Query() q: OpenTicketsQuery) {
    return this.command.openTickets(actor, q.scopeCode, q.by ?? 'township');
  }

  @Get('escalations')
  @ApiOperation({ summary: 'Escalations (auto 督办 and 报大事) of tickets in scope, newest first; poll with since=' })
  @ApiOkResponse({ type: EscalationsView })
  escalations(@CurrentUser() actor: AuthUser, @Query() q: EscalationsQuery) {
    return this.command.escalations(actor, q.since ? new Date(q.since) : undefined, q.limit ?? 20);
  }
}
