import pg from 'pg';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@gridflow/config';
import { dataSourceOptions } from './data-source-options.js';

// Any constant works; all GridFlow processes that migrate take the same advisory lock.
const MIGRATION_LOCK_KEY = 7_240_113_001;

/**
 * Applies pending migrations (one transaction each) and returns the names applied. Holds a
 * PostgreSQL advisory lock meanwhile, so several processes starting at once (two API
 * instances, parallel test workers) migrate one after the other instead of colliding.
 */
export async function runMigrations(config: Pick<AppConfig, 'databaseUrl' | 'dbPoolSize' | 'instanceName'>) {
  const lock = new pg.Client({ connectionString: config.databaseUrl });
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const ds = new DataSource({ ...dataSourceOptions(config), extra: { max: 2 } });
    await ds.initialize();
    try {
      const applied = await ds.runMigrations({ transaction: 'each' });
      return applied.map((m) => m.name);
    } finally {
      await ds.destroy();
    }
  } finally {
    await lock.end();
  }
}
