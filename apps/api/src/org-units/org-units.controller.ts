import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { OrgUnitsService } from '@gridflow/org';
import { CreateOrgUnitDto, OrgUnitSearchQuery, UpdateOrgUnitDto } from './dto/org-unit.dto.js';

@ApiTags('organisation')
@ApiBearerAuth()
@Controller('org-units')
export class OrgUnitsController {
  constructor(private readonly units: OrgUnitsService) {}

  @Post()
  @Roles('admin')
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateOrgUnitDto) {
    return this.units.create(actor, body);
  }

  /** Org search: any unit in scope by name or code (`?q=`), not only the ones a tree has loaded. */
  @Get()
  search(@CurrentUser() actor: AuthUser, @Query() query: OrgUnitSearchQuery) {
    return this.units.search(actor, query.q, query.limit ?? 20);
  }

  @Get(':code')
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.units.get(actor, code);
  }

  @Patch(':code')
  @Roles('admin')
  update(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: UpdateOrgUnitDto) {
    return this.units.update(actor, code, body);
  }

  /** Removes an empty unit (no lower units, grids, users or anything referring to it): 204, or 409. */
  @Delete(':code')
  @Roles('admin')
  @HttpCode(204)
  async remove(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    await this.units.remove(actor, code);
  }
}
