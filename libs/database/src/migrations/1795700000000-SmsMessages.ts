import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Residents' SMS (the tracking code on filing, the result on 督查兑单): one row per ticket and
 * kind, so an event relayed again sends nothing more. The phone is kept masked (for lists) and
 * encrypted (for the sender), never in plain text.
 */
export class SmsMessages1795700000000 implements MigrationInterface {
  name = 'SmsMessages1795700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sms_message (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id   uuid NOT NULL REFERENCES ticket (id),
        kind        text NOT NULL CHECK (kind IN ('filed', 'verified')),
        phone_mask  text NOT NULL,
        phone_enc   text NOT NULL,
        text        text NOT NULL,
        driver      text NOT NULL CHECK (driver IN ('log', 'http')),
        status      text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
        attempts    integer NOT NULL DEFAULT 0,
        last_error  text,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        sent_at     timestamptz,
        UNIQUE (ticket_id, kind)
      )`);
    await q.query(`CREATE INDEX sms_message_created_idx ON sms_message (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX sms_message_status_idx ON sms_message (status, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE sms_message`);
  }
}
