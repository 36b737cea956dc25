// Removes this run's database, its run-time database role, and every Redis key under its queue prefix, including
// the per-file prefixes tests derive from it (`${runId}_name`, hash-tagged `{${runId}_name}`).
import { rm } from 'node:fs/promises';
import { Redis } from 'ioredis';
import pg from 'pg';

export default async function globalTeardown() {
  const run = globalThis.__GRIDFLOW_TEST_RUN__;
  if (!run) return;
  const client = new pg.Client({ connectionString: run.adminUrl });
  await client.connect();
  try {
    // The run's database and the per-file ones (isolatedTestConfig) named after it.
    const { rows } = await client.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${run.runId}%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    // Its grants went with its databases; the run-time role itself is server-wide.
    if (run.appRole) await client.query(`DROP ROLE IF EXISTS "${run.appRole}"`);
  } finally {
    await client.end();
  }
  await rm(run.dataDir, { recursive: true, force: true });
  const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
  try {
    for (const pattern of [`${run.runId}*`, `{${run.runId}*`]) {
      let cursor = '0';
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
        if (keys.length) await redis.del(...keys);
        cursor = next;
      } while (cursor !== '0');
    }
  } finally {
    redis.disconnect();
  }
}
