import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { Open311KeysService } from '@gridflow/open311';
import { PageQueryDto } from '../common/page-query.dto.js';
import { IssueOpen311KeyDto } from './dto/open311-key.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

/**
 * The API keys Open311 clients file requests with (admin only). Keys serve the whole
 * deployment, like the Open311 endpoint itself, so any admin manages all of them.
 */
@ApiTags('open311')
@ApiBearerAuth()
@Roles('admin')
@ApiErrors(401, 403)
@Controller('open311/keys')
export class Open311KeysController {
  constructor(private readonly keys: Open311KeysService) {}

  @Post()
  @ApiOperation({ summary: 'Issue a key; this answer is the only one that shows it (only its SHA-256 is stored)' })
  @ApiErrors(400)
  issue(@CurrentUser() actor: AuthUser, @Body() body: IssueOpen311KeyDto) {
    return this.keys.issue(actor, body.name);
  }

  @Get()
  @ApiOperation({ summary: 'The keys, newest first: name, created, last used, revoked (never the key)' })
  @ApiErrors(400)
  list(@Query() query: PageQueryDto) {
    return this.keys.list(query);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @ApiOperation({ summary: 'Revoke a key at once (409 if already revoked); the record stays' })
  @ApiErrors(404, 409)
  revoke(@Param('id') id: string) {
    return this.keys.revoke(id);
  }

  @Delete(':id')
  @ApiOperation({ summary: 'The same as POST :id/revoke' })
  @ApiErrors(404, 409)
  remove(@Param('id') id: string) {
    return this.keys.revoke(id);
  }
}
