import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@gridflow/catalog';
import { TicketsModule } from '@gridflow/tickets';
import { Open311ApiKey } from './open311-api-key.entity.js';
import { Open311KeysService } from './open311-keys.service.js';
import { Open311Service } from './open311.service.js';

/** Open311 GeoReport v2: the catalogue and tickets in the spec's shapes, filing with an API key. */
@Module({
  imports: [TypeOrmModule.forFeature([Open311ApiKey]), CatalogModule, TicketsModule],
  providers: [Open311Service, Open311KeysService],
  exports: [Open311Service, Open311KeysService],
})
export class Open311Module {}
