import pg from 'pg';
import { ConfigError, loadConfig } from '@gridflow/config';
import { rekeyPii } from '@gridflow/tickets';

// `npm run pii:rekey`: after rotating PII_KEY (the old key moved to PII_OLD_KEYS), re-encrypt
// every stored personal value under the new key. Safe to run again; the apps may keep running.
try {
  const config = loadConfig();
  const db = new pg.Client({ connectionString: config.databaseUrl });
  await db.connect();
  try {
    const { rekeyed, unreadable } = await rekeyPii(db, config);
    process.stdout.write(`Re-encrypted ${rekeyed} value(s) under key ${config.piiKeyId}.\n`);
    if (unreadable > 0) {
      process.stderr.write(`${unreadable} value(s) match no configured key: add their key to PII_OLD_KEYS.\n`);
      process.exitCode = 1;
    }
  } finally {
    await db.end();
  }
} catch (err) {
  process.stderr.write(`pii:rekey failed: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exitCode = 1;
}
