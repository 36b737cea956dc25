import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { DepartmentsService } from '@gridflow/org';
import { ApiErrors } from '../openapi/api-errors.decorator.js';
import {
  CreateDepartmentDto,
  DepartmentPageView,
  DepartmentView,
  ListDepartmentsQuery,
  UpdateDepartmentDto,
} from './dto/department.dto.js';

/** 职能部门: departments under a county or city that take escalated matters (docs/departments.md). */
@ApiTags('organisation')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('departments')
export class DepartmentsController {
  constructor(private readonly departments: DepartmentsService) {}

  @Get()
  @ApiOperation({
    summary: 'Departments of the counties and cities around my scope (those I can hand matters to), by code',
  })
  @ApiErrors(400)
  @ApiOkResponse({ type: DepartmentPageView })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListDepartmentsQuery) {
    return this.departments.list(actor, query);
  }

  @Get(':code')
  @ApiOperation({ summary: 'One department' })
  @ApiErrors(404)
  @ApiOkResponse({ type: DepartmentView })
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.departments.get(actor, code);
  }

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Create a department under a county or city in my scope → 201 (code generated if absent)' })
  @ApiErrors(400, 403, 409)
  @ApiCreatedResponse({ type: DepartmentView })
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateDepartmentDto) {
    return this.departments.create(actor, body);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, disable or enable a department' })
  @ApiErrors(400, 403, 404, 409)
  @ApiOkResponse({ type: DepartmentView })
  update(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: UpdateDepartmentDto) {
    return this.departments.update(actor, code, body);
  }
}
