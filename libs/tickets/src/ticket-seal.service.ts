import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppConfig } from '@gridflow/config';
import {
  type AuthUser,
  type SealableEvent,
  sealTimeline,
  TIMELINE_SEAL_HMAC_VERSION,
  verifyChain,
  verifySealedTimeline,
} from '@gridflow/domain';
import { TicketJournal } from './ticket-journal.js';
import { TicketsService } from './tickets.service.js';

const TIMELINE_SQL = `
  SELECT seq, type, at, actor_id, actor_role, actor_name, from_status, to_status, comment, data, attachments
  FROM ticket_event WHERE ticket_id = $1 ORDER BY seq`;

/**
 * The archive seal (归档封存): an archived ticket gets an HMAC (SEAL_KEY) of the hash chain over
 * its timeline (libs/domain/src/timeline-seal.ts) in `ticket.sealed_hash`, so a later change to
 * the timeline — by someone who got past the append-only trigger — shows up on verification,
 * and cannot be covered up by recomputing the seal without the key.
 * The archive itself never waits on this: what fails here the worker's sweeper seals later.
 */
@Injectable()
export class TicketSealService {
  private readonly logger = new Logger('TicketSealService');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly tickets: TicketsService,
    private readonly config: AppConfig,
    private readonly journal: TicketJournal,
  ) {}

  /**
   * Seals an archived, unsealed ticket; false if it is not archived or already sealed. Two
   * statements, no transaction: the timeline is read with the ticket's `last_seq`, and the
   * seal is stored only where `last_seq` is still that — every event the journal appends
   * raises it (ticket-journal.ts), so a seal never covers a timeline that grew meanwhile.
   */
  async seal(ticketId: string): Promise<boolean> {
    const rows = await this.journal.query<Record<string, unknown> & { last_seq: number }>(
      `SELECT t.last_seq, e.seq, e.type, e.at, e.actor_id, e.actor_role, e.actor_name, e.from_status, e.to_status,
              e.comment, e.data, e.attachments
         FROM ticket t JOIN ticket_event e ON e.ticket_id = t.id
        WHERE t.id = $1 AND t.status = 'archived' AND t.sealed_hash IS NULL
        ORDER BY e.seq`,
      [ticketId],
    );
    if (rows.length === 0) return false;
    const hash = sealTimeline(rows.map(sealableEvent), this.config.sealKey);
    return this.journal.seal(ticketId, hash, rows[0].last_seq);
  }

  /**
   * Moves first-release seals (a bare chain hash, which anyone can recompute) to HMAC seals,
   * where the timeline still matches them; a broken one is left as it is, as evidence.
   */
  async upgradeLegacySeals(limit = 200): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM ticket WHERE sealed_hash IS NOT NULL AND sealed_hash NOT LIKE 'v2:%' LIMIT $1`,
      [limit],
    );
    let upgraded = 0;
    for (const { id } of rows) {
      await this.db.transaction(async (tx) => {
        const [row] = await tx.query(`SELECT sealed_hash FROM ticket WHERE id = $1 FOR UPDATE`, [id]);
        if (!row?.sealed_hash || String(row.sealed_hash).startsWith('v2:')) return;
        const events = await this.timeline(tx, id);
        if (!verifyChain(events, row.sealed_hash as string).intact) {
          this.logger.error(`ticket ${id}: its first-release seal does not match the timeline; left as it is`);
          return;
        }
        await this.journal.upgradeSeal(id, sealTimeline(events, this.config.sealKey), tx);
        upgraded++;
      });
    }
    return upgraded;
  }

  /** Repair: seals up to `limit` archived tickets whose seal is missing (the archive's own attempt failed). */
  async sealMissing(limit = 200): Promise<number> {
    const rows: { id: string }[] = await this.db.query(
      `SELECT id FROM ticket WHERE status = 'archived' AND sealed_hash IS NULL LIMIT $1`,
      [limit],
    );
    let sealed = 0;
    for (const { id } of rows) {
      try {
        if (await this.seal(id)) sealed++;
      } catch (err) {
        this.logger.error(`sealing ticket ${id} failed: ${String(err)}`);
      }
    }
    return sealed;
  }

  /** Whether the ticket's timeline still matches its seal (anyone who can see the ticket). */
  async integrity(actor: AuthUser, ticketId: string) {
    // SELECT * carries the seal columns, which the entity does not declare.
    const ticket = await this.tickets.findInScope(actor, ticketId);
    const events = await this.timeline(this.db.manager, ticket.id);
    const sealedHash = ticket.sealedHash;
    const verdict = sealedHash ? verifySealedTimeline(events, sealedHash, this.config.sealKey) : null;
    return {
      ticketId: ticket.id,
      status: ticket.status,
      sealed: sealedHash !== null,
      sealedAt: ticket.sealedAt,
      sealedHash,
      computedHash: verdict?.computedHash ?? sealTimeline(events, this.config.sealKey),
      intact: verdict?.intact ?? null,
      ...(verdict?.firstMismatch !== undefined ? { firstMismatch: verdict.firstMismatch } : {}),
      events: events.length,
      afterSeal: verdict?.afterSeal ?? [],
      algorithm: verdict?.algorithm ?? TIMELINE_SEAL_HMAC_VERSION,
    };
  }

  private async timeline(tx: EntityManager, ticketId: string): Promise<SealableEvent[]> {
    const rows: Record<string, unknown>[] = await tx.query(TIMELINE_SQL, [ticketId]);
    return rows.map(sealableEvent);
  }
}

/** A ticket_event row as the seal hashes it. */
function sealableEvent(r: Record<string, unknown>): SealableEvent {
  return {
    seq: r.seq as number,
    type: r.type as string,
    at: r.at as Date,
    actorId: r.actor_id as string | null,
    actorRole: r.actor_role as string | null,
    actorName: r.actor_name as string | null,
    fromStatus: r.from_status as string | null,
    toStatus: r.to_status as string | null,
    comment: r.comment as string | null,
    data: r.data,
    attachments: r.attachments as string[],
  };
}
