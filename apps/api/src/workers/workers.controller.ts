import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { WorkersService } from '@gridflow/org';
import {
  AddHonourDto,
  AddLiaisonHouseholdDto,
  AddTrainingDto,
  CreateWorkerDto,
  ListWorkersQuery,
  UpdateWorkerDto,
} from './dto/worker.dto.js';

@ApiTags('workforce')
@ApiBearerAuth()
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Post()
  @Roles('admin')
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateWorkerDto) {
    return this.workers.create(actor, body);
  }

  @Get()
  list(@CurrentUser() actor: AuthUser, @Query() query: ListWorkersQuery) {
    return this.workers.list(actor, query);
  }

  @Get(':id')
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.workers.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  update(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWorkerDto) {
    return this.workers.update(actor, id, body);
  }

  @Post(':id/trainings')
  @Roles('admin')
  addTraining(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddTrainingDto) {
    return this.workers.addTraining(actor, id, body);
  }

  @Post(':id/honours')
  @Roles('admin')
  addHonour(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddHonourDto) {
    return this.workers.addHonour(actor, id, body);
  }

  @Post(':id/liaison-households')
  @Roles('admin')
  addLiaisonHousehold(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddLiaisonHouseholdDto,
  ) {
    return this.workers.addLiaisonHousehold(actor, id, body);
  }
}
