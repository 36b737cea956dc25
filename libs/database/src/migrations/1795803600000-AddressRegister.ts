import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The address register (标准地址库): standard addresses, each in one grid, found by their
 * normalised key (libs/domain normalizeAddress). The key is unique, so re-importing an
 * address updates it and never duplicates it. pg_trgm's GIN index serves the fuzzy fallback
 * of matching (similarity ≥ ADDRESS_MATCH_THRESHOLD, docs/addresses.md); text_pattern_ops
 * serves list searches by the start of the key; the grid index serves lists within a scope.
 *
 * Imports of the register follow the hotline import (queue job, progress, a row report).
 */
export class AddressRegister1795803600000 implements MigrationInterface {
  name = 'AddressRegister1795803600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE address_import (
        id               uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        filename         text NOT NULL,
        format           text NOT NULL CHECK (format IN ('xlsx', 'csv')),
        size_bytes       bigint NOT NULL,
        requested_by     uuid REFERENCES app_user (id),
        scope_code       text,
        status           text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'failed')),
        total_rows       integer,
        processed_rows   integer NOT NULL DEFAULT 0,
        created_count    integer NOT NULL DEFAULT 0,
        updated_count    integer NOT NULL DEFAULT 0,
        failed_count     integer NOT NULL DEFAULT 0,
        attempts         integer NOT NULL DEFAULT 0,
        error            text,
        created_at       timestamptz NOT NULL DEFAULT now(),
        started_at       timestamptz,
        finished_at      timestamptz
      )`);
    await q.query(
      `CREATE INDEX address_import_pending_idx ON address_import (created_at) WHERE status IN ('queued', 'running')`,
    );
    await q.query(`
      CREATE TABLE address_import_row_error (
        import_id    uuid NOT NULL REFERENCES address_import (id) ON DELETE CASCADE,
        row_number   integer NOT NULL,
        code         text NOT NULL,
        reason       text NOT NULL,
        PRIMARY KEY (import_id, row_number)
      )`);

    await q.query(`
      CREATE TABLE address (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        norm_key    text NOT NULL CHECK (length(norm_key) BETWEEN 1 AND 400),
        address     text NOT NULL CHECK (length(address) BETWEEN 1 AND 400),
        building    text,
        grid_code   text NOT NULL REFERENCES grid (code),
        lng         double precision CHECK (lng BETWEEN -180 AND 180),
        lat         double precision CHECK (lat BETWEEN -90 AND 90),
        import_id   uuid REFERENCES address_import (id) ON DELETE SET NULL,
        created_at  timestamptz NOT NULL DEFAULT now(),
        updated_at  timestamptz NOT NULL DEFAULT now(),
        CHECK ((lng IS NULL) = (lat IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX address_norm_key_idx ON address (norm_key text_pattern_ops)`);
    await q.query(`CREATE INDEX address_norm_key_trgm_idx ON address USING gin (norm_key gin_trgm_ops)`);
    await q.query(`CREATE INDEX address_grid_idx ON address (grid_code text_pattern_ops, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX address_created_idx ON address (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE address`);
    await q.query(`DROP TABLE address_import_row_error`);
    await q.query(`DROP TABLE address_import`);
  }
}
