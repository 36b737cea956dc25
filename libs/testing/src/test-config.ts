import { type AppConfig, loadConfig } from '@gridflow/config';
import { runMigrations } from '@gridflow/database';

/** The configuration of this test run (database and queue prefix set by the global setup). */
export function testConfig(overrides: NodeJS.ProcessEnv = {}): AppConfig {
  if (!process.env.QUEUE_PREFIX?.startsWith('gftest_')) {
    throw new Error('Tests must run through jest with test/setup/global-setup.mjs (own database and prefix)');
  }
  return loadConfig({ ...process.env, ...overrides });
}

let migrated: Promise<unknown> | undefined;

/** Applies migrations to this run's database once per test process. */
export function migrateTestDatabase(config: AppConfig = testConfig()): Promise<unknown> {
  migrated ??= runMigrations(config);
  return migrated;
}
