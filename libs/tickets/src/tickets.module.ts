import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AddressesModule } from '@gridflow/addresses';
import { CatalogModule } from '@gridflow/catalog';
import { OrgModule } from '@gridflow/org';
import { AddressPlacement } from './address-placement.js';
import { AttachmentsService } from './attachments.service.js';
import { DeadlinesService } from './deadlines.service.js';
import { IdempotencyService } from './idempotency.service.js';
import { PiiCipher } from './pii-cipher.js';
import { PublicTicketsService } from './public-tickets.service.js';
import { RefusedPushesService } from './refused-pushes.service.js';
import { ReviewService } from './review.service.js';
import { TicketActionsService } from './ticket-actions.service.js';
import { TicketClock } from './ticket-clock.js';
import { TicketBatchService } from './ticket-batch.service.js';
import { TicketExportService } from './ticket-export.service.js';
import { TicketJournal } from './ticket-journal.js';
import { TicketSealService } from './ticket-seal.service.js';
import { Attachment, Ticket, TicketEvent } from './ticket.entity.js';
import { TicketsService } from './tickets.service.js';
import { TimeRequestsService } from './time-requests.service.js';
import { TicketRowCache } from './ticket-row-cache.js';

const services = [
  AddressPlacement,
  TicketJournal,
  DeadlinesService,
  TicketsService,
  TicketClock,
  TicketActionsService,
  TicketBatchService,
  TicketSealService,
  TicketExportService,
  PublicTicketsService,
  TimeRequestsService,
  ReviewService,
  AttachmentsService,
  IdempotencyService,
  PiiCipher,
  RefusedPushesService,
  TicketRowCache,
];

/** Tickets (六联单): filing, the one writer of transitions, the residents' channel, attachments. */
@Module({
  imports: [TypeOrmModule.forFeature([Ticket, TicketEvent, Attachment]), CatalogModule, OrgModule, AddressesModule],
  providers: services,
  exports: services,
})
export class TicketsModule {}
