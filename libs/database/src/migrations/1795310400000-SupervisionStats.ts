import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The counters of one ticket, and their sums per grid and day / month (DOMAIN.md "Assessment"). */
const COUNTERS = [
  'submitted',
  'responded_in_time',
  'resolved',
  'resolved_in_time',
  'closed',
  'verified',
  'rejected',
  'archived',
  'open',
  'callbacks',
  'satisfied',
  'verify_decisions',
  'reworks',
  'escalations',
  'overdue',
  'warning',
];
const counterColumns = COUNTERS.map((c) => `${c} integer NOT NULL DEFAULT 0`).join(',\n        ');

/**
 * 督查兑单 and assessment: extension (延期) and suspension (挂账) requests, the archive seal
 * (hash chain), and the statistics rollups. Each ticket's counters (`ticket_fact`) are
 * recomputed from its timeline whenever it changes (order-independent, idempotent), and
 * their difference is added to `stats_daily` and `stats_monthly` per grid, so the
 * overview and breakdowns sum small tables instead of scanning tickets. A ticket counts in
 * the period of the day it was filed (Asia/Shanghai).
 */
export class SupervisionStats1795310400000 implements MigrationInterface {
  name = 'SupervisionStats1795310400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE ticket
        ADD COLUMN sealed_hash text,
        ADD COLUMN sealed_at timestamptz,
        ADD COLUMN suspended_at timestamptz,
        ADD COLUMN suspended_remaining_seconds integer`);

    // The sweeper's repair query: archived tickets whose seal was missed.
    await q.query(`CREATE INDEX ticket_unsealed_idx ON ticket (id) WHERE status = 'archived' AND sealed_hash IS NULL`);

    await q.query(`
      CREATE TABLE time_request (
        id                uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id         uuid NOT NULL REFERENCES ticket (id),
        kind              text NOT NULL CHECK (kind IN ('extension', 'suspension')),
        step_seq          integer NOT NULL,
        status            text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'refused', 'ended')),
        reason            text NOT NULL,
        requested_due_at  timestamptz,
        requested_by      uuid NOT NULL REFERENCES app_user (id),
        decided_by        uuid REFERENCES app_user (id),
        decided_at        timestamptz,
        decision_note     text,
        ended_at          timestamptz,
        created_at        timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'extension') = (requested_due_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX time_request_one_pending_idx ON time_request (ticket_id) WHERE status = 'pending'`,
    );
    await q.query(`CREATE INDEX time_request_ticket_idx ON time_request (ticket_id, created_at)`);

    await q.query(`
      CREATE TABLE ticket_fact (
        ticket_id    uuid PRIMARY KEY REFERENCES ticket (id),
        day          date NOT NULL,
        grid_code    text NOT NULL,
        item_code    text NOT NULL,
        handler_id   uuid,
        ${counterColumns}
      )`);
    await q.query(`CREATE INDEX ticket_fact_grid_day_idx ON ticket_fact (grid_code text_pattern_ops, day)`);
    await q.query(`CREATE INDEX ticket_fact_handler_idx ON ticket_fact (handler_id, day) WHERE handler_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE stats_daily (
        day        date NOT NULL,
        grid_code  text NOT NULL,
        ${counterColumns},
        PRIMARY KEY (grid_code, day)
      )`);
    await q.query(`CREATE INDEX stats_daily_scope_idx ON stats_daily (grid_code text_pattern_ops, day)`);
    await q.query(`
      CREATE TABLE stats_monthly (
        month      date NOT NULL,
        grid_code  text NOT NULL,
        ${counterColumns},
        PRIMARY KEY (grid_code, month)
      )`);
    await q.query(`CREATE INDEX stats_monthly_scope_idx ON stats_monthly (grid_code text_pattern_ops, month)`);

    // The same sums per community: what a county- or city-wide query adds up (2,000 rows a
    // day at Datong's scale instead of 5,379).
    await q.query(`
      CREATE TABLE stats_daily_community (
        day             date NOT NULL,
        community_code  text NOT NULL,
        ${counterColumns},
        PRIMARY KEY (community_code, day)
      )`);
    await q.query(
      `CREATE INDEX stats_daily_community_scope_idx ON stats_daily_community (community_code text_pattern_ops, day)`,
    );
    await q.query(`
      CREATE TABLE stats_monthly_community (
        month           date NOT NULL,
        community_code  text NOT NULL,
        ${counterColumns},
        PRIMARY KEY (community_code, month)
      )`);
    await q.query(
      `CREATE INDEX stats_monthly_community_scope_idx ON stats_monthly_community (community_code text_pattern_ops, month)`,
    );

    await q.query(`
      CREATE TABLE quality_weights (
        id            integer PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        response      numeric(4, 3) NOT NULL,
        resolution    numeric(4, 3) NOT NULL,
        satisfaction  numeric(4, 3) NOT NULL,
        updated_by    uuid,
        updated_at    timestamptz NOT NULL DEFAULT now(),
        CHECK (response + resolution + satisfaction = 1)
      )`);
    await q.query(`INSERT INTO quality_weights (response, resolution, satisfaction) VALUES (0.1, 0.5, 0.4)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'quality_weights',
      'stats_monthly_community',
      'stats_daily_community',
      'stats_monthly',
      'stats_daily',
      'ticket_fact',
      'time_request',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query(
      `ALTER TABLE ticket DROP COLUMN sealed_hash, DROP COLUMN sealed_at, DROP COLUMN suspended_at, DROP COLUMN suspended_remaining_seconds`,
    );
  }
}
