import type { MigrationInterface, QueryRunner } from 'typeorm';

const OPEN = `('submitted', 'accepted', 'dispatched', 'claimed', 'resolved')`;

/**
 * Unlocated requests (API.md "Unlocated requests"): a filing with only an address that the
 * address register does not match waits at the lowest org unit that can be told, with no grid.
 *
 * - `org_code`: the unit the ticket is at — its grid once located (then always = grid_code,
 *   checked), else the caller's scope, the Open311 key's scope or the city.
 * - `grid_code` becomes nullable (null: unlocated).
 * - `community_code` / `township_code` are generated from `org_code` (null above their level),
 *   so every scoped list keeps its index range scan, and a township's dispatcher sees a ticket
 *   waiting at the township while a community's does not see one waiting at the county.
 * - `ticket_unlocated_idx`: the 待定位 list, newest first; unlocated tickets are few (they are
 *   placed within hours), so the partial index stays small at any table size.
 *   A community or township scope selects, as before, by its ancestor column and its
 *   (open_)community / (open_)township index; a county or city scope by `org_code` prefix.
 *
 * Verified with 1,000,000 tickets (the demo city's 12 grids, 2% open) and 300 unlocated ones,
 * EXPLAIN ANALYZE, LIMIT 21 newest first:
 *   community, open   → Index Only Scan using ticket_open_community_idx, 0.10 ms
 *   township, all     → Index Scan using ticket_created_idx (Filter township_code), 0.05 ms
 *   township 待定位   → Index Scan using ticket_unlocated_idx (Filter township_code), 0.03 ms
 *   city 待定位       → Index Scan using ticket_unlocated_idx (Filter org_code LIKE), 0.02 ms
 */
export class UnlocatedTickets1795814400000 implements MigrationInterface {
  name = 'UnlocatedTickets1795814400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE ticket ADD COLUMN org_code text`);
    await q.query(`UPDATE ticket SET org_code = grid_code`);
    await q.query(`ALTER TABLE ticket ALTER COLUMN org_code SET NOT NULL`);
    await q.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_org_code_fkey FOREIGN KEY (org_code) REFERENCES org_unit (code)`,
    );
    // Writers that name only the grid (seeds, bulk loads, older tools) keep working: the unit is the grid.
    await q.query(`
      CREATE FUNCTION ticket_org_code_default() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.org_code IS NULL THEN NEW.org_code := NEW.grid_code; END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER ticket_org_code_default BEFORE INSERT ON ticket
      FOR EACH ROW EXECUTE FUNCTION ticket_org_code_default()`);
    await q.query(`ALTER TABLE ticket ALTER COLUMN grid_code DROP NOT NULL`);
    await q.query(
      `ALTER TABLE ticket ADD CONSTRAINT ticket_grid_is_org CHECK (grid_code IS NULL OR grid_code = org_code)`,
    );
    // The ancestor columns now follow the unit (dropping them drops their four indexes).
    await q.query(`
      ALTER TABLE ticket
        DROP COLUMN community_code,
        DROP COLUMN township_code,
        ADD COLUMN community_code text
          GENERATED ALWAYS AS (CASE WHEN length(org_code) >= 12 THEN left(org_code, 12) END) STORED,
        ADD COLUMN township_code text
          GENERATED ALWAYS AS (CASE WHEN length(org_code) >= 9 THEN left(org_code, 9) END) STORED`);
    await q.query(`CREATE INDEX ticket_community_idx ON ticket (community_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ticket_township_idx ON ticket (township_code, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ticket_open_community_idx ON ticket (community_code, created_at DESC, id DESC) WHERE status IN ${OPEN}`,
    );
    await q.query(
      `CREATE INDEX ticket_open_township_idx ON ticket (township_code, created_at DESC, id DESC) WHERE status IN ${OPEN}`,
    );
    // County and city scopes select by prefix of the unit.
    await q.query(`CREATE INDEX ticket_org_prefix_idx ON ticket (org_code text_pattern_ops)`);
    await q.query(`CREATE INDEX ticket_unlocated_idx ON ticket (created_at DESC, id DESC) WHERE grid_code IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    const [{ n }] = await q.query(`SELECT count(*)::int AS n FROM ticket WHERE grid_code IS NULL`);
    if (n > 0) throw new Error(`${n} unlocated tickets: place them (POST /tickets/:id/locate) before reverting`);
    await q.query(`DROP INDEX ticket_unlocated_idx`);
    await q.query(`DROP INDEX ticket_org_prefix_idx`);
    await q.query(`
      ALTER TABLE ticket
        DROP COLUMN community_code,
        DROP COLUMN township_code,
        ADD COLUMN community_code text GENERATED ALWAYS AS (left(grid_code, 12)) STORED,
        ADD COLUMN township_code text GENERATED ALWAYS AS (left(grid_code, 9)) STORED`);
    await q.query(`CREATE INDEX ticket_community_idx ON ticket (community_code, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX ticket_township_idx ON ticket (township_code, created_at DESC, id DESC)`);
    await q.query(
      `CREATE INDEX ticket_open_community_idx ON ticket (community_code, created_at DESC, id DESC) WHERE status IN ${OPEN}`,
    );
    await q.query(
      `CREATE INDEX ticket_open_township_idx ON ticket (township_code, created_at DESC, id DESC) WHERE status IN ${OPEN}`,
    );
    await q.query(`ALTER TABLE ticket DROP CONSTRAINT ticket_grid_is_org`);
    await q.query(`ALTER TABLE ticket ALTER COLUMN grid_code SET NOT NULL`);
    await q.query(`ALTER TABLE ticket DROP COLUMN org_code`);
    await q.query(`DROP TRIGGER ticket_org_code_default ON ticket`);
    await q.query(`DROP FUNCTION ticket_org_code_default()`);
  }
}
