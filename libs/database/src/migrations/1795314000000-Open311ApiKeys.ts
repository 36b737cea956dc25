import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * API keys for Open311 GeoReport v2 clients (third-party apps, hotline bridges): only the
 * SHA-256 of each key is stored (the key is shown once, when issued); revoked keys stay for
 * the record. Tickets filed through Open311 carry channel 'open311' (allowed since Tickets).
 */
export class Open311ApiKeys1795314000000 implements MigrationInterface {
  name = 'Open311ApiKeys1795314000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE open311_api_key (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name          text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        key_hash      text NOT NULL UNIQUE CHECK (key_hash ~ '^[0-9a-f]{64}$'),
        created_by    uuid REFERENCES app_user (id),
        created_at    timestamptz NOT NULL DEFAULT now(),
        revoked_at    timestamptz,
        last_used_at  timestamptz
      )`);
    await q.query(`CREATE INDEX open311_api_key_created_idx ON open311_api_key (created_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE open311_api_key`);
  }
}
