import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiOperation } from '@nestjs/swagger';
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
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('workforce')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('workers')
export class WorkersController {
  constructor(private readonly workers: WorkersService) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Register a grid worker (专职/兼职/协管/微网格员) for one or more grids → 201' })
  @ApiErrors(400, 403, 404)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateWorkerDto) {
    return this.workers.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Workers in my scope, by grid and type' })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListWorkersQuery) {
    return this.workers.list(actor, query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A worker with trainings, honours and liaison households' })
  @ApiErrors(400, 404)
  get(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string) {
    return this.workers.get(actor, id);
  }

  @Patch(':id')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a worker, or stand them down' })
  @ApiErrors(400, 403, 404)
  update(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateWorkerDto) {
    return this.workers.update(actor, id, body);
  }

  @Post(':id/trainings')
  @Roles('admin')
  @ApiOperation({ summary: 'Record a training the worker took → 201' })
  @ApiErrors(400, 403, 404)
  addTraining(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddTrainingDto) {
    return this.workers.addTraining(actor, id, body);
  }

  @Post(':id/honours')
  @Roles('admin')
  @ApiOperation({ summary: 'Record an honour the worker received → 201' })
  @ApiErrors(400, 403, 404)
  addHonour(@CurrentUser() actor: AuthUser, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddHonourDto) {
    return this.workers.addHonour(actor, id, body);
  }

  @Post(':id/liaison-households')
  @Roles('admin')
  @ApiOperation({ summary: 'Assign a household the worker keeps in touch with (联户) → 201' })
  @ApiErrors(400, 403, 404)
  addLiaisonHousehold(
    @CurrentUser() actor: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: AddLiaisonHouseholdDto,
  ) {
    return this.workers.addLiaisonHousehold(actor, id, body);
  }
}
