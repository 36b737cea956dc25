import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Which matters Open311 may publish in detail. `GET /open311/v2/requests` is public and
 * city-wide; a family dispute (B02) or a needy household (D01) must not be readable there with
 * its story and doorstep. Only public-space categories — safety hazards (C) and the urban
 * environment (E) of the default catalogue — publish description, address and exact position;
 * every other category (and any new one, until an admin decides) shows the service, status and
 * the grid's area only.
 */
export class Open311Disclosure1795321200000 implements MigrationInterface {
  name = 'Open311Disclosure1795321200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matter_category ADD COLUMN public_detail boolean NOT NULL DEFAULT false`);
    await q.query(`UPDATE matter_category SET public_detail = true WHERE code IN ('C', 'E')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE matter_category DROP COLUMN public_detail`);
  }
}
