import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Jobs that exhausted their attempts are kept here for inspection and replay. */
export class JobFailures1795295400000 implements MigrationInterface {
  name = 'JobFailures1795295400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE job_failure (
        id            uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        queue_name    text NOT NULL,
        job_name      text NOT NULL,
        job_id        text,
        payload       jsonb NOT NULL DEFAULT '{}'::jsonb,
        error_message text NOT NULL,
        stack         text,
        attempts_made integer NOT NULL,
        failed_at     timestamptz NOT NULL DEFAULT now(),
        worker        text NOT NULL
      )`);
    await q.query(`CREATE INDEX job_failure_failed_at_idx ON job_failure (failed_at DESC)`);
    await q.query(`CREATE INDEX job_failure_queue_job_idx ON job_failure (queue_name, job_name)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_failure`);
  }
}
