import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DepartmentsService } from './departments.service.js';
import { GridLocatorService } from './grid-locator.service.js';
import { GridRedraw } from './grid-redraw.entity.js';
import { Grid } from './grid.entity.js';
import { GridsService } from './grids.service.js';
import { OrgUnit } from './org-unit.entity.js';
import { OrgUnitsService } from './org-units.service.js';
import { PolicePairing } from './police-pairing.entity.js';
import { PolicePairingsService } from './police-pairings.service.js';
import { SignBoardService } from './sign-board.service.js';
import { LiaisonHousehold, Worker, WorkerGrid, WorkerHonour, WorkerTraining } from './worker.entity.js';
import { WorkersService } from './workers.service.js';

const services = [
  OrgUnitsService,
  GridsService,
  GridLocatorService,
  WorkersService,
  PolicePairingsService,
  SignBoardService,
  DepartmentsService,
];

/** Organisation tree, grids and the grid workforce. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      OrgUnit,
      Grid,
      GridRedraw,
      Worker,
      WorkerGrid,
      LiaisonHousehold,
      WorkerTraining,
      WorkerHonour,
      PolicePairing,
    ]),
  ],
  providers: services,
  exports: [...services, TypeOrmModule],
})
export class OrgModule {}
