import { ConfigError, loadConfig } from '@gridflow/config';
import { ensureDatabaseExists, runMigrations } from '@gridflow/database';

// `npm run migrate`: apply pending migrations as the owner (DATABASE_OWNER_URL, else DATABASE_URL),
// then create or update the run-time role and its grants (docs/security.md).
try {
  const config = loadConfig();
  if (await ensureDatabaseExists(config.databaseOwnerUrl)) process.stdout.write('Created the database.\n');
  const applied = await runMigrations(config);
  process.stdout.write(
    applied.length ? `Applied ${applied.length} migration(s): ${applied.join(', ')}\n` : 'Database is up to date.\n',
  );
} catch (err) {
  process.stderr.write(`migrate failed: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
