import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hotline (12345) bulk imports: the import records, the rows that could not be imported
 * (the report), and the external references that make importing idempotent.
 *
 * The dedupe lives in its own table, `ticket_external_ref (source, external_id)` → ticket,
 * rather than in columns on `ticket`: the ticket table (a million rows in the benchmarks)
 * and its hot filing statement stay as they are, other sources (Open311 bridges, other
 * hotline systems) can add their own namespace, and the reference is written in the same
 * transaction as the ticket — a second filing of the same external id hits the primary key
 * and rolls back whole, so re-importing a file creates nothing new, even when two imports
 * of it run at once. `import_id` and `row_number` say which import row created the ticket,
 * so a re-run of that import after a crash counts it as created, not as a duplicate.
 */
export class HotlineImports1795317600000 implements MigrationInterface {
  name = 'HotlineImports1795317600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE hotline_import (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filename         text NOT NULL,
        format           text NOT NULL CHECK (format IN ('xlsx', 'csv')),
        size_bytes       bigint NOT NULL,
        mapping          jsonb NOT NULL,
        requested_by     uuid REFERENCES app_user (id),
        scope_code       text,
        runner           text NOT NULL DEFAULT 'queue' CHECK (runner IN ('queue', 'cli')),
        status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total_rows       integer,
        processed_rows   integer NOT NULL DEFAULT 0,
        created_count    integer NOT NULL DEFAULT 0,
        duplicate_count  integer NOT NULL DEFAULT 0,
        failed_count     integer NOT NULL DEFAULT 0,
        attempts         integer NOT NULL DEFAULT 0,
        error            text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz
      )`);
    // Lists: newest first within a scope (LIKE 'scope%'), and one's own imports.
    await q.query(
      `CREATE INDEX hotline_import_scope_idx ON hotline_import (scope_code text_pattern_ops, created_at DESC, id DESC)`,
    );
    await q.query(`CREATE INDEX hotline_import_requester_idx ON hotline_import (requested_by, created_at DESC)`);
    // The worker's sweeper: queue imports that Redis lost.
    await q.query(
      `CREATE INDEX hotline_import_pending_idx ON hotline_import (created_at) WHERE status IN ('queued', 'running')`,
    );

    await q.query(`
      CREATE TABLE hotline_import_row_error (
        import_id    uuid NOT NULL REFERENCES hotline_import (id) ON DELETE CASCADE,
        row_number   integer NOT NULL,
        external_id  text,
        code         text NOT NULL,
        reason       text NOT NULL,
        PRIMARY KEY (import_id, row_number)
      )`);

    await q.query(`
      CREATE TABLE ticket_external_ref (
        source       text NOT NULL,
        external_id  text NOT NULL,
        ticket_id    uuid NOT NULL REFERENCES ticket (id),
        import_id    uuid REFERENCES hotline_import (id),
        row_number   integer,
        reported_at  timestamptz,
        created_at   timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (source, external_id)
      )`);
    await q.query(`CREATE INDEX ticket_external_ref_ticket_idx ON ticket_external_ref (ticket_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE ticket_external_ref`);
    await q.query(`DROP TABLE hotline_import_row_error`);
    await q.query(`DROP TABLE hotline_import`);
  }
}
