import type { OrgLevel, TicketEventType, TicketStatus } from '@gridflow/domain';

/**
 * The outbox: rows written in the same statement as the change they announce, relayed to
 * BullMQ by OutboxRelay (outbox-relay.service.ts). This file is its one writer: the only
 * `INSERT INTO outbox` of the code (migrations aside).
 *
 * WARNING: topics are persisted (outbox.topic) and read back by the relay of every version
 * still running during a deploy: never rename one; add a new one instead.
 */
export const OutboxTopic = {
  /** A ticket timeline event; its payload is an OutboxTicketEvent. */
  TicketEvent: 'ticket-event',
} as const;
export type OutboxTopic = (typeof OutboxTopic)[keyof typeof OutboxTopic];

/** A ticket timeline event as the outbox carries it (ids and states, no snapshot of the ticket). */
export interface OutboxTicketEvent {
  ticketId: string;
  seq: number;
  type: TicketEventType;
  fromStatus: TicketStatus | null;
  toStatus: TicketStatus | null;
  level: OrgLevel;
  /** null: an unlocated ticket (see orgCode) */
  gridCode: string | null;
  /** the unit the ticket is at: its grid, or where an unlocated ticket waits (absent in rows written before unlocated requests) */
  orgCode?: string;
}

/** A payload as SQL: one expression per field, so the compiler holds the payload to its type. */
export type PayloadSql<P> = { readonly [K in keyof P]-?: string };

/**
 * `INSERT INTO outbox … SELECT … FROM <from>`: one outbox row per row of `from` (a CTE's name),
 * its payload built from SQL expressions over those rows. `topic` is an expression too (a bound
 * parameter: no value ever enters the SQL text).
 */
export function outboxInsertSql<P>(topic: string, payload: PayloadSql<P>, from: string): string {
  const fields = Object.entries<string>(payload).map(([key, expr]) => `'${key}', ${expr}`);
  return `INSERT INTO outbox (topic, payload)
    SELECT ${topic}, jsonb_build_object(${fields.join(', ')})
    FROM ${from}`;
}
