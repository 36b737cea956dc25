import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Governance topics (未诉先办, 每月一题): recurring problems the detection finds in the tickets.
 *
 * - `topic`: one per recurring problem. Its identity is (kind, anchor) — the anchor is stable
 *   across detections (a cluster's first ticket, a normalised address, a grid and item) — and
 *   at most one topic that is not closed has a given identity (partial unique index), so two
 *   detections running at once cannot open it twice.
 * - `topic_ticket`: the tickets of a topic. A ticket belongs to at most one live (not closed)
 *   topic of each kind (partial unique index on ticket and kind while `active`); closing a topic
 *   releases its tickets (`active = false`) so that a problem that comes back opens a new topic.
 * - `topic_threshold`: per item category, what makes a topic (admin-set; defaults in
 *   libs/domain topics.ts where a category has no row).
 */
export class GovernanceTopics1795807200000 implements MigrationInterface {
  name = 'GovernanceTopics1795807200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE topic (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind            text NOT NULL CHECK (kind IN ('cluster', 'repeat_address', 'rework')),
        anchor          text NOT NULL CHECK (char_length(anchor) BETWEEN 1 AND 600),
        item_code       text NOT NULL REFERENCES matter_item (code),
        title           text NOT NULL,
        scope_code      text NOT NULL,
        grid_codes      text[] NOT NULL DEFAULT '{}',
        center          geometry(Point, 4326),
        ticket_count    integer NOT NULL DEFAULT 0,
        people_count    integer NOT NULL DEFAULT 0,
        dissatisfied_count integer NOT NULL DEFAULT 0,
        first_at        timestamptz NOT NULL,
        last_at         timestamptz NOT NULL,
        status          text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'adopted', 'closed')),
        lead_unit_code  text,
        due_at          timestamptz,
        note            text,
        adopted_by      uuid REFERENCES app_user (id),
        adopted_at      timestamptz,
        result          text,
        closed_by       uuid REFERENCES app_user (id),
        closed_at       timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK (status <> 'adopted' OR (lead_unit_code IS NOT NULL AND due_at IS NOT NULL)),
        CHECK (status <> 'closed' OR result IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX topic_live_identity ON topic (kind, anchor) WHERE status <> 'closed'`);
    await q.query(`CREATE INDEX topic_scope_idx ON topic (scope_code, last_at DESC, id DESC)`);
    await q.query(`CREATE INDEX topic_grids_idx ON topic USING gin (grid_codes)`);
    await q.query(`CREATE INDEX topic_last_idx ON topic (last_at DESC, id DESC)`);
    // a cluster come back near a live topic of its item (ST_DWithin in metres)
    await q.query(
      `CREATE INDEX topic_live_center_gist ON topic USING gist ((center::geography)) WHERE status <> 'closed'`,
    );
    await q.query(`
      CREATE TABLE topic_ticket (
        topic_id   uuid NOT NULL REFERENCES topic (id),
        ticket_id  uuid NOT NULL REFERENCES ticket (id),
        kind       text NOT NULL,
        active     boolean NOT NULL DEFAULT true,
        linked_at  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (topic_id, ticket_id)
      )`);
    await q.query(`CREATE UNIQUE INDEX topic_ticket_one_live ON topic_ticket (ticket_id, kind) WHERE active`);
    // tickets a closed topic released (not taken up again by the same kind)
    await q.query(`CREATE INDEX topic_ticket_released ON topic_ticket (ticket_id, kind) WHERE NOT active`);
    await q.query(`
      CREATE TABLE topic_threshold (
        category_code        text PRIMARY KEY REFERENCES matter_category (code),
        cluster_min_tickets  integer NOT NULL CHECK (cluster_min_tickets BETWEEN 2 AND 1000),
        cluster_radius_m     integer NOT NULL CHECK (cluster_radius_m BETWEEN 10 AND 5000),
        cluster_window_days  integer NOT NULL CHECK (cluster_window_days BETWEEN 1 AND 366),
        repeat_min_tickets   integer NOT NULL CHECK (repeat_min_tickets BETWEEN 2 AND 1000),
        repeat_radius_m      integer NOT NULL CHECK (repeat_radius_m BETWEEN 1 AND 100),
        repeat_window_days   integer NOT NULL CHECK (repeat_window_days BETWEEN 1 AND 366),
        rework_min_tickets   integer NOT NULL CHECK (rework_min_tickets BETWEEN 2 AND 1000),
        rework_window_days   integer NOT NULL CHECK (rework_window_days BETWEEN 1 AND 366),
        updated_by           uuid REFERENCES app_user (id),
        updated_at           timestamptz NOT NULL DEFAULT now()
      )`);
    // Detection reads a window of tickets of one item by filing time.
    await q.query(`CREATE INDEX ticket_item_created_idx ON ticket (item_code, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ticket_item_created_idx`);
    await q.query(`DROP TABLE IF EXISTS topic_threshold`);
    await q.query(`DROP TABLE IF EXISTS topic_ticket`);
    await q.query(`DROP TABLE IF EXISTS topic`);
  }
}
