import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CatalogModule } from '@gridflow/catalog';
import { TicketsModule } from '@gridflow/tickets';
import { HotlineImport } from './hotline-import.entity.js';
import { HotlineImporter } from './hotline-importer.service.js';
import { HotlineImportsService } from './hotline-imports.service.js';

/** Bulk imports: hotline (12345) exports become tickets through TicketsService.file. */
@Module({
  imports: [TypeOrmModule.forFeature([HotlineImport]), CatalogModule, TicketsModule],
  providers: [HotlineImportsService, HotlineImporter],
  exports: [HotlineImportsService, HotlineImporter],
})
export class ImportsModule {}
