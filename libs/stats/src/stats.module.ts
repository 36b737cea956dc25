import { Module } from '@nestjs/common';
import { StatsService } from './stats.service.js';

/** Assessment figures (三率) from rollups kept current by the worker. */
@Module({ providers: [StatsService], exports: [StatsService] })
export class StatsModule {}
