import { Injectable } from '@nestjs/common';
import { CatalogService, WorkingCalendarService } from '@gridflow/catalog';
import { type TimeLeft, timeLeftOf } from '@gridflow/domain';
import type { Ticket } from './ticket.entity.js';

/**
 * A ticket's time left (libs/domain `timeLeftOf`) with the current working calendar and its
 * item's clock, both held in memory: cheap enough for every ticket of a list.
 */
@Injectable()
export class TicketClock {
  constructor(
    private readonly catalog: CatalogService,
    private readonly calendar: WorkingCalendarService,
  ) {}

  timeLeft(t: Pick<Ticket, 'status' | 'itemCode' | 'dueAt' | 'suspendedAt'>, now = new Date()): TimeLeft | null {
    return timeLeftOf(
      { status: t.status, dueAt: t.dueAt, suspended: t.suspendedAt != null },
      this.catalog.clockOf(t.itemCode),
      now,
      (clock, from, to) => this.calendar.elapsed(clock, from, to),
    );
  }
}
