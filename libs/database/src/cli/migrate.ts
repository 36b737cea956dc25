import { ConfigError, loadConfig } from '@gridflow/config';
import { ensureDatabaseExists } from '../ensure-database.js';
import { runMigrations } from '../migrate.js';

// `npm run migrate`: apply pending migrations to DATABASE_URL.
try {
  const config = loadConfig();
  if (await ensureDatabaseExists(config.databaseUrl)) process.stdout.write('Created the database.\n');
  const applied = await runMigrations(config);
  process.stdout.write(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date.\n',
  );
} catch (err) {
  process.stderr.write(`migrate failed: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
