import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import { invalidField, isTrackingCode, notFound, stateConflict } from '@gridflow/domain';
import { type Satisfaction, Ticket, TicketEvent } from './ticket.entity.js';
import { TicketJournal } from './ticket-journal.js';

/**
 * The residents' channel: follow a request by its tracking code — steps and times only, no
 * staff names, phones or comments — and rate it once it is verified.
 */
@Injectable()
export class PublicTicketsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly journal: TicketJournal,
    private readonly config: AppConfig,
  ) {}

  /**
   * Until when the resident may rate: a set time (RATING_WINDOW_HOURS) after the last
   * 督查兑单, whether or not the ticket was archived meanwhile; null before verification.
   */
  private ratingOpenUntil(ticketId: string, status: string): Promise<Date | null> {
    return this.ratingOpenUntilIn(this.db.manager, ticketId, status);
  }

  private async ratingOpenUntilIn(db: EntityManager, ticketId: string, status: string): Promise<Date | null> {
    if (status !== 'verified' && status !== 'archived') return null;
    const [row] = await db.query(`SELECT max(at) AS at FROM ticket_event WHERE ticket_id = $1 AND type = 'verified'`, [
      ticketId,
    ]);
    if (!row?.at) return null;
    return new Date(new Date(row.at as string).getTime() + this.config.ratingWindowHours * 3_600_000);
  }

  async track(trackingCode: string) {
    const ticket = await this.byCode(trackingCode);
    const [names] = await this.db.query(
      `SELECT i.name AS item_name, u.name AS grid_name FROM matter_item i, org_unit u WHERE i.code = $1 AND u.code = $2`,
      [ticket.itemCode, ticket.gridCode],
    );
    const events = await this.db.getRepository(TicketEvent).find({
      where: { ticketId: ticket.id },
      order: { seq: 'ASC' },
      select: { seq: true, toStatus: true, fromStatus: true, at: true },
    });
    const [rating] = await this.db.query(`SELECT satisfaction, at FROM ticket_rating WHERE ticket_id = $1`, [
      ticket.id,
    ]);
    return {
      number: ticket.number,
      status: ticket.status,
      itemName: names?.item_name ?? null,
      gridName: names?.grid_name ?? null,
      createdAt: ticket.createdAt,
      // Only changes of status: who did what, and what they wrote, stays inside.
      steps: events
        .filter((e) => e.toStatus && e.toStatus !== e.fromStatus)
        .map((e) => ({ status: e.toStatus, at: e.at })),
      rating: rating ? { satisfaction: rating.satisfaction, at: rating.at } : null,
      ratingOpenUntil: rating ? null : await this.ratingOpenUntil(ticket.id, ticket.status),
    };
  }

  /**
   * One rating per ticket, within RATING_WINDOW_HOURS after 督查兑单 — archived or not; it
   * counts as a callback, and a late one (after archiving) reaches the statistics the same way
   * (a timeline event like any other, refreshed through the outbox). On an archived ticket it
   * follows the seal: the integrity check lists it in `afterSeal` (EVENTS_AFTER_SEAL).
   */
  async rate(trackingCode: string, satisfaction: Satisfaction, comment?: string) {
    return this.db.transaction(async (tx) => {
      const ticket = await tx.findOne(Ticket, {
        where: { trackingCode: this.checked(trackingCode) },
        lock: { mode: 'pessimistic_write' },
      });
      if (!ticket) throw notFound('Ticket');
      const openUntil = await this.ratingOpenUntilIn(tx, ticket.id, ticket.status);
      if (!openUntil) {
        throw stateConflict(`The ticket is ${ticket.status}: ratings are taken once it is verified`);
      }
      if (openUntil.getTime() < Date.now()) {
        throw stateConflict(`The rating window closed at ${openUntil.toISOString()}`);
      }
      // The rating row, the ticket's satisfaction, the `rated` event and its outbox row: one
      // statement; an existing rating (ticket_rating's key) means nothing is written.
      const row = await this.journal.write(
        {
          expect: { id: ticket.id },
          gate: { table: 'ticket_rating', row: { satisfaction, comment: comment ?? null } },
          changes: { satisfaction },
          event: { type: 'rated', actor: null, comment: comment ?? null, data: { satisfaction, by: 'resident' } },
        },
        tx,
      );
      if (!row) throw stateConflict('This ticket has already been rated');
      return { satisfaction, ratedAt: new Date() };
    });
  }

  private checked(code: string) {
    if (!isTrackingCode(code)) throw invalidField('trackingCode', 'not a tracking code');
    return code;
  }

  private async byCode(code: string) {
    const ticket = await this.db.getRepository(Ticket).findOneBy({ trackingCode: this.checked(code) });
    if (!ticket) throw notFound('Ticket');
    return ticket;
  }
}
