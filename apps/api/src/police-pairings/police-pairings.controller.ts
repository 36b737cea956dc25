import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { PolicePairingsService } from '@gridflow/org';
import { CreatePolicePairingDto, ListPairingsQuery } from './dto/police-pairing.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('workforce')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('police-pairings')
export class PolicePairingsController {
  constructor(private readonly pairings: PolicePairingsService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Pair a police officer (with workers and volunteers) with grids → 201' })
  @ApiErrors(400, 403, 404)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreatePolicePairingDto) {
    return this.pairings.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Police pairings in my scope' })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListPairingsQuery) {
    return this.pairings.list(actor, query);
  }
}
