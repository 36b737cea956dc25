import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import { CatalogService } from '@gridflow/catalog';
import { type AuthUser, forbidden } from '@gridflow/domain';
import { ApproveItemDto, CatalogQuery, ProposeItemDto, RetireItemDto } from './dto/catalog.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('catalogue')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('catalog')
export class CatalogController {
  constructor(private readonly catalog: CatalogService) {}

  @Get()
  @ApiOperation({
    summary: 'The admitted matters (凭票上车) by category; ?status=all (admins) includes proposed and retired',
  })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: CatalogQuery) {
    if (query.status === 'all' && actor.role !== 'admin') throw forbidden('Only admins see proposed and retired items');
    return this.catalog.catalogue(query.status === 'all');
  }

  @Post('items')
  @Roles('admin')
  @ApiOperation({ summary: 'Propose a matter for admission (status proposed)' })
  @ApiErrors(400, 403, 409)
  propose(@CurrentUser() actor: AuthUser, @Body() body: ProposeItemDto) {
    const { reason, ...item } = body;
    return this.catalog.propose(actor, item, reason);
  }

  @Get('items/:code')
  @ApiOperation({ summary: 'One item with its admission history (retired items stay readable)' })
  @ApiErrors(404)
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.catalog.get(code, actor);
  }

  @Post('items/:code/approve')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Admit a proposed item: status active (admin)' })
  @ApiErrors(400, 403, 404, 409)
  approve(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: ApproveItemDto) {
    return this.catalog.approve(actor, code, body.reason);
  }

  @Post('items/:code/retire')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire an item: no new tickets for it (admin)' })
  @ApiErrors(400, 403, 404, 409)
  retire(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: RetireItemDto) {
    return this.catalog.retire(actor, code, body.reason);
  }
}
