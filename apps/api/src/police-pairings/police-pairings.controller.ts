import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { PolicePairingsService } from '@gridflow/org';
import { CreatePolicePairingDto, ListPairingsQuery } from './dto/police-pairing.dto.js';

@ApiTags('workforce')
@ApiBearerAuth()
@Controller('police-pairings')
export class PolicePairingsController {
  constructor(private readonly pairings: PolicePairingsService) {}

  @Post()
  @Roles('admin')
  create(@CurrentUser() actor: AuthUser, @Body() body: CreatePolicePairingDto) {
    return this.pairings.create(actor, body);
  }

  @Get()
  list(@CurrentUser() actor: AuthUser, @Query() query: ListPairingsQuery) {
    return this.pairings.list(actor, query);
  }
}
