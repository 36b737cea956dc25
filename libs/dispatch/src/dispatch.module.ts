import { Module } from '@nestjs/common';
import { TicketsModule } from '@gridflow/tickets';
import { AutoDispatchSettingsService } from './auto-dispatch-settings.service.js';
import { DispatchService } from './dispatch.service.js';

/** Candidate ranking, dispatch suggestions and per-community auto-dispatch (村社派单). */
@Module({
  imports: [TicketsModule],
  providers: [DispatchService, AutoDispatchSettingsService],
  exports: [DispatchService, AutoDispatchSettingsService],
})
export class DispatchModule {}
