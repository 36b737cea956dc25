import { Module } from '@nestjs/common';
import { CommandViewService } from './command-view.service.js';
import { StatsService } from './stats.service.js';

/** Assessment figures (三率) from rollups kept current by the worker. */
@Module({ providers: [StatsService, CommandViewService], exports: [StatsService, CommandViewService] })
export class StatsModule {}
