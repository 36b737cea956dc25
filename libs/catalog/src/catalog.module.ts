import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CalendarDay, MatterCategory, MatterItem, MatterItemChange } from './catalog.entities.js';
import { CatalogService } from './catalog.service.js';
import { WorkingCalendarService } from './working-calendar.service.js';

/** The matter catalogue (凭票上车) and the working calendar behind every time limit. */
@Module({
  imports: [TypeOrmModule.forFeature([MatterCategory, MatterItem, MatterItemChange, CalendarDay])],
  providers: [CatalogService, WorkingCalendarService],
  exports: [CatalogService, WorkingCalendarService, TypeOrmModule],
})
export class CatalogModule {}
