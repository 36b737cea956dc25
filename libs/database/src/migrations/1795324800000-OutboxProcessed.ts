import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An outbox row is "sent" once its job is in Redis, but Redis can lose the job before a worker
 * has done it (failover, restart without persistence, lost keys). `processed_at` is set by the
 * worker when the event's fan-out is done; the relay publishes again, with the same job id,
 * whatever was sent long ago and never processed. Rows already sent count as processed.
 */
export class OutboxProcessed1795324800000 implements MigrationInterface {
  name = 'OutboxProcessed1795324800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE outbox ADD COLUMN processed_at timestamptz`);
    await q.query(`UPDATE outbox SET processed_at = published_at WHERE published_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX outbox_unprocessed_idx ON outbox (published_at) WHERE published_at IS NOT NULL AND processed_at IS NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX outbox_unprocessed_idx`);
    await q.query(`ALTER TABLE outbox DROP COLUMN processed_at`);
  }
}
