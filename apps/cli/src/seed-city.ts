import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '@gridflow/config';
import { dataSourceOptions, dropDatabase, ensureDatabaseExists, runMigrations } from '@gridflow/database';
import { CITY_SCALE, seedCityScale } from './seeds/city-scale.js';

// `npm run seed:city`: a Datong-sized city in a database of its own (SEED_CITY_DATABASE_URL,
// default: DATABASE_URL's database name + "_city"), rebuilt from scratch on every run.
function cityDatabaseUrl(databaseUrl: string): string {
  if (process.env.SEED_CITY_DATABASE_URL) return process.env.SEED_CITY_DATABASE_URL;
  const url = new URL(databaseUrl);
  url.pathname = `${url.pathname.replace(/^\//, '') || 'gridflow'}_city`;
  return url.toString();
}

function bar(step: string, done: number, total: number) {
  const width = 30;
  const filled = Math.round((done / total) * width);
  process.stderr.write(
    `\r  ${step.padEnd(16)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}   `,
  );
  if (done === total) process.stderr.write('\n');
}

try {
  const base = loadConfig();
  if (base.isProduction) throw new Error('refused when NODE_ENV=production');
  const config = {
    ...base,
    databaseUrl: cityDatabaseUrl(base.databaseUrl),
    databaseOwnerUrl: cityDatabaseUrl(base.databaseOwnerUrl),
  };
  const started = Date.now();
  console.log(
    `Seeding a city of ${CITY_SCALE.grids} grids into ${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')}`,
  );
  // From scratch: the timeline is append-only even for TRUNCATE, so the database is recreated.
  await dropDatabase(config.databaseOwnerUrl);
  await ensureDatabaseExists(config.databaseOwnerUrl);
  await runMigrations(config);
  const ds = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const result = await ds.transaction((tx) => seedCityScale(tx, bar));
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(`Done in ${seconds} s: ${JSON.stringify(result)}`);
  } finally {
    await ds.destroy();
  }
} catch (err) {
  console.error(`seed:city failed: ${err instanceof ConfigError ? err.message : String(err)}`);
  process.exitCode = 1;
}
