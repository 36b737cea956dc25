import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('submitted', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified')`;

/**
 * Deadlines and escalation (督办), the outbox wake-up, notifications, dispatch suggestions,
 * per-community auto-dispatch, and outgoing webhooks.
 *
 * Due times live here, not in Redis: each step of a ticket has a warning time (80 % of its
 * limit), a due time, and the time of its next automatic escalation; `step_seq` names the
 * step (the timeline seq that started it) so that timers of an earlier step are no-ops.
 */
export class QueuesNotifications1795306800000 implements MigrationInterface {
  name = 'QueuesNotifications1795306800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket
        ADD COLUMN step_seq integer NOT NULL DEFAULT 1,
        ADD COLUMN warn_at timestamptz,
        ADD COLUMN next_escalation_at timestamptz,
        ADD COLUMN step_escalations integer NOT NULL DEFAULT 0`);
    await q.query(`UPDATE ticket SET next_escalation_at = due_at WHERE status IN ${OPEN}`);
    // The sweeper's questions: which pending warnings and escalations are due?
    await q.query(`CREATE INDEX ticket_warn_due_idx ON ticket (warn_at) WHERE NOT warning AND status IN ${OPEN}`);
    await q.query(`CREATE INDEX ticket_escalation_due_idx ON ticket (next_escalation_at) WHERE status IN ${OPEN}`);

    await q.query(`
      CREATE TABLE supervision (
        id             uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id      uuid NOT NULL REFERENCES ticket (id),
        step_seq       integer NOT NULL,
        escalation_no  integer NOT NULL,
        kind           text NOT NULL CHECK (kind IN ('auto', 'manual')),
        status         text NOT NULL,
        from_level     text NOT NULL,
        to_level       text NOT NULL,
        reason         text,
        actor_id       uuid,
        at             timestamptz NOT NULL DEFAULT now()
      )`);
    // One automatic escalation per (ticket, step, number), whoever processes it and however often.
    await q.query(
      `CREATE UNIQUE INDEX supervision_auto_once_idx ON supervision (ticket_id, step_seq, escalation_no) WHERE kind = 'auto'`,
    );
    await q.query(`CREATE INDEX supervision_ticket_idx ON supervision (ticket_id, at)`);

    // Wakes the worker's outbox relay (LISTEN outbox) once per inserting statement.
    await q.query(`
      CREATE FUNCTION outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('outbox', '');
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER outbox_notify AFTER INSERT ON outbox FOR EACH STATEMENT EXECUTE FUNCTION outbox_notify()`);

    await q.query(`
      CREATE TABLE notification (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id     uuid NOT NULL REFERENCES app_user (id),
        type        text NOT NULL,
        ticket_id   uuid REFERENCES ticket (id),
        title       text NOT NULL,
        body        text,
        data        jsonb NOT NULL DEFAULT '{}'::jsonb,
        dedupe_key  text NOT NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        read_at     timestamptz,
        UNIQUE (user_id, dedupe_key)
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX notification_unread_idx ON notification (user_id) WHERE read_at IS NULL`);

    await q.query(`
      CREATE TABLE dispatch_suggestion (
        ticket_id    uuid PRIMARY KEY REFERENCES ticket (id),
        step_seq     integer NOT NULL,
        candidates   jsonb NOT NULL,
        computed_at  timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE community_setting (
        community_code         text PRIMARY KEY REFERENCES org_unit (code),
        auto_dispatch_minutes  integer CHECK (auto_dispatch_minutes BETWEEN 1 AND 10080),
        updated_by             uuid,
        updated_at             timestamptz NOT NULL DEFAULT now()
      )`);

    await q.query(`
      CREATE TABLE webhook (
        id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        url          text NOT NULL,
        secret       text NOT NULL,
        event_types  text[] NOT NULL,
        scope_code   text NOT NULL,
        active       boolean NOT NULL DEFAULT true,
        created_by   uuid,
        created_at   timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE webhook_delivery (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        webhook_id       uuid NOT NULL REFERENCES webhook (id),
        event_type       text NOT NULL,
        event_key        text NOT NULL,
        payload          jsonb NOT NULL,
        status           text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'delivered', 'failed')),
        attempts         integer NOT NULL DEFAULT 0,
        last_status      integer,
        last_error       text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        delivered_at     timestamptz,
        UNIQUE (webhook_id, event_key)
      )`);
    await q.query(`CREATE INDEX webhook_delivery_webhook_idx ON webhook_delivery (webhook_id, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'webhook_delivery',
      'webhook',
      'community_setting',
      'dispatch_suggestion',
      'notification',
      'supervision',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(`DROP TRIGGER outbox_notify ON outbox`);
    await q.query(`DROP FUNCTION outbox_notify()`);
    await q.query(`DROP INDEX ticket_escalation_due_idx`);
    await q.query(`DROP INDEX ticket_warn_due_idx`);
    await q.query(
      `ALTER TABLE ticket DROP COLUMN step_seq, DROP COLUMN warn_at, DROP COLUMN next_escalation_at, DROP COLUMN step_escalations`,
    );
  }
}
