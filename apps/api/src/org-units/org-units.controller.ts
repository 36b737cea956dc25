import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { OrgUnitsService } from '@gridflow/org';
import { CreateOrgUnitDto, OrgUnitSearchQuery, UpdateOrgUnitDto } from './dto/org-unit.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('organisation')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create an org unit; the level comes from the code, the parent must exist → 201' })
  @ApiErrors(400, 403, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateOrgUnitDto) {
    return this.units.create(actor, body);
  }

  /** Org search: any unit in scope by name or code (`?q=`), not only the ones a tree has loaded. */
  @Get()
  @ApiOperation({ summary: 'Org units in my scope by name or code prefix' })
  @ApiErrors(400)
  search(@CurrentUser() actor: AuthUser, @Query() query: OrgUnitSearchQuery) {
    return this.units.search(actor, query.q, query.limit ?? 20);
  }

  @Get(':code')
  @ApiOperation({ summary: 'An org unit with its children' })
  @ApiErrors(404)
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.units.get(actor, code);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename an org unit' })
  @ApiErrors(400, 403, 404)
  update(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: UpdateOrgUnitDto) {
    return this.units.update(actor, code, body);
  }

  /** Removes an empty unit (no lower units, grids, users or anything referring to it): 204, or 409. */
  @Delete(':code')
  @Roles('admin')
  @HttpCode(204)
  @ApiOperation({ summary: 'Remove an org unit with no lower units and no users (grids are retired, not removed)' })
  @ApiErrors(403, 404, 409)
  async remove(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    await this.units.remove(actor, code);
  }
}
