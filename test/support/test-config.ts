import { type AppConfig, loadConfig } from '@gridflow/config';
import { ensureDatabaseExists, runMigrations } from '@gridflow/database';

/** The configuration of this test run (database and queue prefix set by the global setup). */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  if (!process.env.QUEUE_PREFIX?.startsWith('gftest_')) {
    throw new Error('Tests must run through jest with test/setup/global-setup.mjs (own database and prefix)');
  }
  return loadConfig({ ...process.env, ...overrides });
}

const migrated = new Map<string, Promise<unknown>>();

/** Applies migrations to a test database once per test process. */
export function migrateTestDatabase(config: AppConfig = testConfig()): Promise<unknown> {
  if (!migrated.has(config.databaseUrl)) migrated.set(config.databaseUrl, runMigrations(config));
  return migrated.get(config.databaseUrl)!;
}

/**
 * A database and queue prefix of this file's own (`<run>_<name>`), for tests that run a
 * worker: a worker relays every outbox row of its database and fires every deadline in it,
 * so files sharing the run's database would take each other's events. Dropped with the run.
 * Migrated already: the apps connect as the run-time role (docs/security.md).
 */
export async function isolatedTestConfig(name: string, overrides: NodeJS.ProcessEnv = {}): Promise<AppConfig> {
  if (!/^[a-z0-9_]{1,20}$/.test(name)) throw new Error(`bad isolated test name ${name}`);
  const url = new URL(testConfig().databaseOwnerUrl);
  url.pathname = `${url.pathname}_${name}`;
  await ensureDatabaseExists(url.toString());
  const config = testConfig({
    ...overrides,
    DATABASE_URL: url.toString(),
    QUEUE_PREFIX: `${process.env.QUEUE_PREFIX}_${name}`,
  });
  // Migrated (as the owner) before use, so the run-time role exists and has its grants there.
  await migrateTestDatabase(config);
  return config;
}
