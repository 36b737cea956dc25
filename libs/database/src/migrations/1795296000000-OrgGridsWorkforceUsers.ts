import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The organisation tree, grids with boundaries and redraw history, the workforce
 * (workers, grid assignments, police pairings, party liaison households, training,
 * honours) and user accounts. Codes are text with text_pattern_ops indexes so that scope
 * queries (`code LIKE '140213%'`) use an index.
 */
export class OrgGridsWorkforceUsers1795296000000 implements MigrationInterface {
  name = 'OrgGridsWorkforceUsers1795296000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        code            text PRIMARY KEY CHECK (code ~ '^[0-9]+$' AND length(code) IN (4, 6, 9, 12, 15)),
        name            text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        level           text NOT NULL CHECK (level IN ('city', 'county', 'township', 'community', 'grid')),
        parent_code     text REFERENCES org_unit (code),
        party_org_name  text NOT NULL,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((level = 'city') = (parent_code IS NULL))
      )`);
    await q.query(`CREATE INDEX org_unit_code_prefix_idx ON org_unit (code text_pattern_ops)`);
    await q.query(`CREATE INDEX org_unit_parent_idx ON org_unit (parent_code)`);

    await q.query(`
      CREATE TABLE grid (
        code            text PRIMARY KEY REFERENCES org_unit (code),
        community_code  text NOT NULL REFERENCES org_unit (code),
        type            text NOT NULL CHECK (type IN ('community', 'village', 'special')),
        households      integer NOT NULL CHECK (households >= 0),
        population      integer NOT NULL CHECK (population >= 0),
        boundary        jsonb NOT NULL,
        status          text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'retired')),
        retired_at      timestamptz,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'retired') = (retired_at IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX grid_code_prefix_idx ON grid (code text_pattern_ops)`);
    await q.query(`CREATE INDEX grid_created_idx ON grid (created_at DESC, code DESC)`);
    await q.query(`CREATE INDEX grid_active_idx ON grid (status) WHERE status = 'active'`);

    await q.query(`
      CREATE TABLE grid_redraw (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind        text NOT NULL CHECK (kind IN ('retire', 'split', 'merge')),
        from_codes  text[] NOT NULL,
        to_codes    text[] NOT NULL,
        reason      text NOT NULL,
        actor_id    uuid,
        at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX grid_redraw_from_idx ON grid_redraw USING gin (from_codes)`);
    await q.query(`CREATE INDEX grid_redraw_to_idx ON grid_redraw USING gin (to_codes)`);

    await q.query(`
      CREATE TABLE app_user (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        username        text NOT NULL,
        password_hash   text NOT NULL,
        display_name    text NOT NULL,
        role            text NOT NULL CHECK (role IN ('admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member')),
        scope_code      text NOT NULL REFERENCES org_unit (code),
        phone           text,
        disabled_at     timestamptz,
        token_version   integer NOT NULL DEFAULT 0,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_username_idx ON app_user (lower(username))`);
    await q.query(`CREATE INDEX app_user_scope_idx ON app_user (scope_code text_pattern_ops)`);
    await q.query(`CREATE INDEX app_user_created_idx ON app_user (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE worker (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name            text NOT NULL,
        phone           text NOT NULL,
        type            text NOT NULL CHECK (type IN ('full_time', 'part_time', 'assistant', 'micro')),
        party_member    boolean NOT NULL DEFAULT false,
        user_id         uuid UNIQUE REFERENCES app_user (id),
        active          boolean NOT NULL DEFAULT true,
        created_at      timestamptz NOT NULL DEFAULT now(),
        updated_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX worker_created_idx ON worker (created_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE worker_grid (
        worker_id        uuid NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
        grid_code        text NOT NULL REFERENCES grid (code),
        micro_grid_name  text,
        PRIMARY KEY (worker_id, grid_code)
      )`);
    await q.query(`CREATE INDEX worker_grid_grid_idx ON worker_grid (grid_code text_pattern_ops)`);

    await q.query(`
      CREATE TABLE police_pairing (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind            text NOT NULL CHECK (kind IN ('urban', 'rural')),
        grid_codes      text[] NOT NULL CHECK (cardinality(grid_codes) >= 1),
        officer_name    text NOT NULL,
        officer_phone   text NOT NULL,
        worker_ids      uuid[] NOT NULL,
        volunteers      jsonb NOT NULL DEFAULT '[]'::jsonb,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX police_pairing_grids_idx ON police_pairing USING gin (grid_codes)`);

    await q.query(`
      CREATE TABLE liaison_household (
        id              uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id       uuid NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
        grid_code       text NOT NULL REFERENCES grid (code),
        address         text NOT NULL,
        householder     text,
        created_at      timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX liaison_household_worker_idx ON liaison_household (worker_id)`);

    await q.query(`
      CREATE TABLE worker_training (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id   uuid NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
        title       text NOT NULL,
        held_on     date NOT NULL,
        hours       numeric(5, 1) NOT NULL CHECK (hours > 0),
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX worker_training_worker_idx ON worker_training (worker_id)`);

    await q.query(`
      CREATE TABLE worker_honour (
        id          uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        worker_id   uuid NOT NULL REFERENCES worker (id) ON DELETE CASCADE,
        title       text NOT NULL,
        awarded_on  date NOT NULL,
        awarded_by  text,
        created_at  timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX worker_honour_worker_idx ON worker_honour (worker_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of [
      'worker_honour',
      'worker_training',
      'liaison_household',
      'police_pairing',
      'worker_grid',
      'worker',
      'app_user',
      'grid_redraw',
      'grid',
      'org_unit',
    ]) {
      await q.query(`DROP TABLE ${t}`);
    }
  }
}
