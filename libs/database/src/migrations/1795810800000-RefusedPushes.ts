import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 减负 (为马松绑、为车减重): every attempt to file a matter outside the catalogue (422
 * ITEM_NOT_ADMITTED, or an inactive Open311 service_code) is recorded — who tried, which item,
 * aimed at which grid, when. Written after the refused transaction has rolled back, so the
 * record survives it. Aggregated per caller, day, item and grid (`attempts` counts the
 * repeats) and capped per caller and day (libs/tickets RefusedPushes), so a flood from one
 * caller grows a counter, not the table; every text column is bounded.
 */
export class RefusedPushes1795810800000 implements MigrationInterface {
  name = 'RefusedPushes1795810800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refused_push (
        id               bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        day              date NOT NULL,
        caller           text NOT NULL CHECK (char_length(caller) <= 80),
        channel          text NOT NULL CHECK (channel IN ('staff', 'public', 'hotline', 'open311')),
        user_id          uuid REFERENCES app_user (id),
        role             text CHECK (char_length(role) <= 40),
        department_code  text CHECK (char_length(department_code) <= 20),
        api_key_id       uuid,
        item_code        text NOT NULL CHECK (char_length(item_code) BETWEEN 1 AND 40),
        item_status      text NOT NULL CHECK (item_status IN ('unknown', 'proposed', 'retired', 'active', 'other')),
        grid_code        text CHECK (char_length(grid_code) <= 40),
        unit_code        text CHECK (char_length(unit_code) <= 40),
        attempts         integer NOT NULL DEFAULT 1 CHECK (attempts > 0),
        first_at         timestamptz NOT NULL DEFAULT now(),
        last_at          timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE UNIQUE INDEX refused_push_key_idx ON refused_push (day, caller, item_code, (coalesce(grid_code, '')))`,
    );
    await q.query(`CREATE INDEX refused_push_grid_idx ON refused_push (grid_code text_pattern_ops, day)`);
    await q.query(`CREATE INDEX refused_push_unit_idx ON refused_push (unit_code text_pattern_ops, day)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE refused_push`);
  }
}
