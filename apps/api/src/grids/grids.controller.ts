import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '@gridflow/auth';
import type { AuthUser } from '@gridflow/domain';
import { GridsService, SignBoardService } from '@gridflow/org';
import {
  CreateGridDto,
  ListGridsQuery,
  LocateQuery,
  MergeGridsDto,
  RetireGridDto,
  SplitGridDto,
  UpdateGridDto,
} from './dto/grid.dto.js';
import { ApiErrors } from '../openapi/api-errors.decorator.js';

@ApiTags('grids')
@ApiBearerAuth()
@ApiErrors(401)
@Controller('grids')
export class GridsController {
  constructor(
    private readonly grids: GridsService,
    private readonly signBoards: SignBoardService,
  ) {}

  @Post()
  @Roles('admin')
  @ApiOperation({ summary: 'Draw a grid in an existing community → 201' })
  @ApiErrors(400, 403, 409)
  create(@CurrentUser() actor: AuthUser, @Body() body: CreateGridDto) {
    return this.grids.create(actor, body);
  }

  @Get()
  @ApiOperation({ summary: 'Grids in my scope (keyset pagination)' })
  @ApiErrors(400)
  list(@CurrentUser() actor: AuthUser, @Query() query: ListGridsQuery) {
    return this.grids.list(actor, query);
  }

  // Declared before ':code' so that "locate" is not taken for a code.
  @Get('locate')
  @ApiOperation({ summary: 'The active grid containing a point (404 outside every grid in your scope)' })
  @ApiErrors(400, 404)
  locate(@CurrentUser() actor: AuthUser, @Query() query: LocateQuery) {
    return this.grids.locate(actor, query.lng, query.lat);
  }

  @Post('merge')
  @Roles('admin')
  @ApiOperation({ summary: 'Merge grids of one community into a new grid; the old ones are retired' })
  @ApiErrors(400, 403, 404, 409)
  merge(@CurrentUser() actor: AuthUser, @Body() body: MergeGridsDto) {
    return this.grids.merge(actor, body.fromCodes, body.into, body.reason);
  }

  @Get(':code')
  @ApiOperation({ summary: 'A grid with its boundary and workers' })
  @ApiErrors(404)
  get(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.grids.get(actor, code);
  }

  @Patch(':code')
  @Roles('admin')
  @ApiOperation({ summary: 'Change a grid: name, type, households, population, boundary' })
  @ApiErrors(400, 403, 404)
  update(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: UpdateGridDto) {
    return this.grids.update(actor, code, body);
  }

  @Get(':code/sign-board')
  @ApiOperation({ summary: '网格公示牌: grid, workers with phones, police pairing, request URL and its QR code (SVG)' })
  @ApiErrors(404)
  signBoard(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.signBoards.signBoard(actor, code);
  }

  @Get(':code/history')
  @ApiOperation({ summary: 'Redraws (retire, split, merge) involving this grid' })
  @ApiErrors(404)
  history(@CurrentUser() actor: AuthUser, @Param('code') code: string) {
    return this.grids.history(actor, code);
  }

  @Post(':code/retire')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Retire a grid (admin)' })
  @ApiErrors(400, 403, 404, 409)
  retire(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: RetireGridDto) {
    return this.grids.retire(actor, code, body.reason);
  }

  @Post(':code/split')
  @Roles('admin')
  @HttpCode(200)
  @ApiOperation({ summary: 'Split a grid into new grids; the old one is retired' })
  @ApiErrors(400, 403, 404, 409)
  split(@CurrentUser() actor: AuthUser, @Param('code') code: string, @Body() body: SplitGridDto) {
    return this.grids.split(actor, code, body.into, body.reason);
  }
}
