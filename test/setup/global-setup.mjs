// Creates this run's own database and BullMQ prefix; the test processes inherit them
// through the environment. Migrations are applied by the test app factory (under a lock).
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import pg from 'pg';
import { buildWebIfStale, TEST_WEB_DIR } from './build-web.mjs';

export default async function globalSetup() {
  const runId = `gftest_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const url = new URL(
    process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
  );
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE "${runId}"`);
  } finally {
    await client.end();
  }
  url.pathname = `/${runId}`;
  process.env.DATABASE_URL = url.toString();
  process.env.QUEUE_PREFIX = runId;
  // The apps connect as a run-time role that does not own the tables (docs/security.md). Roles are
  // server-wide: each run has its own, so parallel runs never change each other's password.
  process.env.DATABASE_APP_ROLE = `${runId}_app`;
  process.env.NODE_ENV = 'test';
  process.env.LOG_LEVEL ??= 'silent';
  // Tests log in often from one address; the rate-limit tests set their own low limit.
  process.env.RATE_LIMIT_PER_MINUTE ??= '10000';
  // A busy CI machine may take seconds to open a connection: a test waits, a user would get a 503.
  process.env.DB_CONNECT_TIMEOUT_MS ??= '60000';
  // Likewise anonymous uploads; test/security/uploads-expiry sets its own low quota.
  process.env.ANON_UPLOADS_PER_DAY ??= '10000';
  // Webhook tests deliver to a stub server on loopback; test/security/webhook-ssrf sets it to false.
  process.env.WEBHOOK_ALLOW_PRIVATE_TARGETS ??= 'true';
  process.env.REDIS_URL ??= 'redis://127.0.0.1:6379';
  process.env.DATA_DIR = `${tmpdir()}/${runId}`;
  // The browser tests load the console the API serves from its own build (dist-test/web).
  process.env.WEB_DIR = TEST_WEB_DIR;
  buildWebIfStale();
  globalThis.__GRIDFLOW_TEST_RUN__ = {
    runId,
    appRole: process.env.DATABASE_APP_ROLE,
    databaseUrl: url.toString(),
    adminUrl: admin.toString(),
    dataDir: process.env.DATA_DIR,
  };
}
