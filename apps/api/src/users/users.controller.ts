import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation, ApiCreatedResponse, ApiOkResponse } from '@nestjs/swagger';
import { CurrentUser, Roles, UsersService } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { CreateUserDto, ListUsersQuery, ResetPasswordDto, UpdateUserDto } from './dto/user.dto.js';
import { UserPageView, UserView } from './dto/user-view.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('users')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @ApiOperation({ summary: 'Create a user (admin); role and scope must agree → 201 user' })
  @ApiErrors(400, 404, 409)
  @ApiCreatedResponse({ type: UserView })
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateUserDto) {
    return this.users.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Users in my scope, filtered by role and scope code' })
  @ApiErrors(400)
  @ApiOkResponse({ type: UserPageView })
  list(@CurrentUser() actor: AuthUser, @Query() query: ListUsersQuery) {
    return this.users.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One user in my scope' })
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: UserView })
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.users.get(actor, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a user: display name, role, scope, phone, or disable them' })
  @ApiErrors(400, 404)
  @ApiOkResponse({ type: UserView })
  update(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateUserDto) {
    return this.users.update(actor, id, body);
  }

  @Post(':id/reset-password')
  @HttpCode(200)
  @ApiOperation({ summary: "Set a user's password (admin)" })
  @ApiErrors(400, 404)
  resetPassword(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ResetPasswordDto,
  ) {
    return this.users.resetPassword(actor, id, body.password);
  }
}
