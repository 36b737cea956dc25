import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@gridflow/config';
import { dataSourceOptions } from './data-source-options.js';
import { grantRuntimeRole } from './runtime-role.js';

// Any constant works; all GridFlow processes that migrate take the same advisory lock.
const MIGRATION_LOCK_KEY = 7_240_113_001;

/**
 * Applies pending migrations (one transaction each) and returns the names applied. Holds a
 * PostgreSQL advisory lock meanwhile, so several processes starting at once (two API
 * instances, parallel test workers) migrate one after the other instead of colliding.
 * Migrations run as the owner (databaseOwnerUrl); then the run-time role gets its grants.
 */
export async function runMigrations(
  config: Pick<AppConfig, 'databaseUrl' | 'databaseOwnerUrl' | 'dbPoolSize' | 'instanceName'>,
) {
  const lock = new pg.Client({ connectionString: config.databaseOwnerUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ds = new DataSource({
      ...dataSourceOptions({ ...config, databaseUrl: config.databaseOwnerUrl }),
      extra: { max: 2 },
    });
    await ds.initialize();
    let applied: string[];
    try {
      applied = (await ds.runMigrations({ transaction: 'each' })).map((m) => m.name);
    } finally {
      await ds.destroy();
    }
    await grantRuntimeRole(lock, config.databaseUrl);
    return applied;
  } finally {
    await lock.end();
  }
}
