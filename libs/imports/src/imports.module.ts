import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AddressesModule } from '@gridflow/addresses';
import { CatalogModule } from '@gridflow/catalog';
import { TicketsModule } from '@gridflow/tickets';
import { AddressImportsService } from './address-imports.service.js';
import { HotlineImport } from './hotline-import.entity.js';
import { HotlineImporter } from './hotline-importer.service.js';
import { HotlineImportsService } from './hotline-imports.service.js';

/** Bulk imports: hotline (12345) exports become tickets through TicketsService.file; address register files. */
@Module({
  imports: [TypeOrmModule.forFeature([HotlineImport]), CatalogModule, TicketsModule, AddressesModule],
  providers: [HotlineImportsService, HotlineImporter, AddressImportsService],
  exports: [HotlineImportsService, HotlineImporter, AddressImportsService],
})
export class ImportsModule {}
