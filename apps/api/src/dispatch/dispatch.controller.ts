import { Body, Controller, Get, Param, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import { AutoDispatchSettingsService, DispatchService } from '@gridflow/dispatch';
import type { AuthUser } from '@gridflow/domain';
import { AutoDispatchDto } from './dto/auto-dispatch.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/** 村社派单 support: ranked candidates of a ticket, and each community's auto-dispatch setting. */
@ApiTags('dispatch')
@ApiBearerAuth()
@ApiErrors(401, 403)
@Controller()
export class DispatchController {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly settings: AutoDispatchSettingsService,
  ) {}

  @Get('tickets/:id/dispatch-suggestions')
  @Roles('dispatcher', 'supervisor', 'admin')
  @ApiOperation({
    summary: 'Ranked candidate handlers: 党员联系户 in the grid, then the grid’s own, then the community; by open load',
  })
  @ApiErrors(404)
  suggestions(@CurrentUser() actor: AuthUser, @Param('id') id: string) {
    return this.dispatch.suggestions(actor, id);
  }

  @Get('communities/:code/auto-dispatch')
  @Roles('admin', 'supervisor', 'dispatcher')
  @ApiOperation({ summary: 'The community’s auto-dispatch setting' })
  @ApiErrors(404)
  getAutoDispatch(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.settings.get(actor, code);
  }

  @Put('communities/:code/auto-dispatch')
  @Roles('admin')
  @ApiOperation({ summary: 'Auto-dispatch to the top candidate after N minutes without a dispatcher (1–10080)' })
  @ApiErrors(400, 404)
  putAutoDispatch(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: AutoDispatchDto) {
    return this.settings.set(actor, code, body);
  }
}
