import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * PostGIS: the database answers the spatial questions of governance topics (clusters of one
 * matter, nearby duplicates) and of unlocated requests. `ticket.geom` is generated from the
 * longitude and latitude the ticket already carries (WGS 84, SRID 4326), so no writer has to
 * keep it in step; the GiST index serves ST_DWithin and ST_ClusterDBSCAN over a window of
 * tickets. Distances in metres go through `geography` (ST_DWithin(geom::geography, …)).
 * The in-memory locate index (libs/org) stays: a point-in-polygon over a few hundred grids in
 * memory is faster than any round trip.
 */
export class PostGIS1795800000000 implements MigrationInterface {
  name = 'PostGIS1795800000000';

  async up(q: QueryRunner): Promise<void> {
    try {
      await q.query(`CREATE EXTENSION IF NOT EXISTS postgis`);
    } catch (err) {
      throw new Error(
        `PostGIS is not available in this PostgreSQL (${String(err)}): install it ` +
          '(Debian: apt-get install postgresql-15-postgis-3; Docker: the postgis/postgis image) ' +
          'or run scripts/ensure-services.sh --install',
        { cause: err },
      );
    }
    await q.query(`
      ALTER TABLE ticket ADD COLUMN geom geometry(Point, 4326)
        GENERATED ALWAYS AS (
          CASE WHEN location_lng IS NULL OR location_lat IS NULL THEN NULL
               ELSE ST_SetSRID(ST_MakePoint(location_lng, location_lat), 4326) END
        ) STORED`);
    await q.query(`CREATE INDEX ticket_geom_gist ON ticket USING gist (geom)`);
    await q.query(`CREATE INDEX ticket_geography_gist ON ticket USING gist ((geom::geography))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS ticket_geography_gist`);
    await q.query(`DROP INDEX IF EXISTS ticket_geom_gist`);
    await q.query(`ALTER TABLE ticket DROP COLUMN IF EXISTS geom`);
  }
}
