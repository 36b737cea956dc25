import { Module } from '@nestjs/common';
import { CatalogModule } from '@gridflow/catalog';
import { BurdenService } from './burden.service.js';
import { CommandViewService } from './command-view.service.js';
import { StatsService } from './stats.service.js';

/** Assessment figures (三率) from rollups kept current by the worker. */
@Module({
  imports: [CatalogModule],
  providers: [StatsService, CommandViewService, BurdenService],
  exports: [StatsService, CommandViewService, BurdenService],
})
export class StatsModule {}
