import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { TicketRow } from './ticket-rows.js';

/** How many tickets' rows one API process keeps (about 1.5 kB each), and for how long. */
const MAX_ROWS = 5_000;
const TTL_MS = 10 * 60_000;

/**
 * The row this process last filed or wrote for recently moved tickets, so that the next
 * action on one (a ticket goes through six hands in a day) starts without reading it first.
 *
 * Only ever a guess, never an answer: an action decided on a cached row writes only where the
 * ticket's version is still the cached one — every journal write raises it, whoever makes it
 * (another API process, the worker's timers) — and when it is not, or the cached row led to a
 * refusal, the action reads the row afresh and is decided again (TicketActionsService.act).
 * A stale entry costs one round trip more, never a wrong decision or a wrong answer.
 *
 * That holds while every UPDATE of the ticket table raises `version` or sets nothing a decision
 * reads (the seal): test/lint/ticket-updates.spec.ts keeps the code to it. What the code cannot
 * see — an operator's hand-written UPDATE — is bounded by the entries' ten minutes.
 */
@Injectable()
export class TicketRowCache {
  private readonly rows = new LRUCache<string, TicketRow>({ max: MAX_ROWS, ttl: TTL_MS });

  get(id: string): TicketRow | undefined {
    return this.rows.get(id);
  }

  remember(row: TicketRow): void {
    this.rows.set(row.id, row);
  }

  forget(id: string): void {
    this.rows.delete(id);
  }
}
