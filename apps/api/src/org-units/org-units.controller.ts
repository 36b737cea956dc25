import { Body, Controller, Get, Param, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { OrgUnitsService } from '@gridflow/org';
import { CreateOrgUnitDto, UpdateOrgUnitDto } from './dto/org-unit.dto.js';

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

  @Get(':code')
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.units.get(actor, code);
  }

  @Patch(':code')
  @Roles('admin')
  update(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: UpdateOrgUnitDto) {
    return this.units.update(actor, code, body);
  }
}
