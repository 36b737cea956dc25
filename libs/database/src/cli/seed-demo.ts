import { DataSource } from 'typeorm';
import { ConfigError, loadConfig } from '@gridflow/config';
import { dataSourceOptions } from '../data-source-options.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCity } from '../seeds/demo-city.js';
import { seedDemoTickets } from '../seeds/demo-tickets.js';

// `npm run demo` step: load the demo city (idempotent). Never in production: its
// logins share one published password.
try {
  const config = loadConfig();
  if (config.isProduction) {
    console.error('seed-demo: refused — demo data and its logins are not allowed when NODE_ENV=production.');
    process.exit(1);
  }
  const ds = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    const counts = await ds.transaction((tx) => seedDemoCity(tx));
    console.log(
      `Demo city ready: ${counts.grids} grids, ${counts.workers} workers, logins ${DEMO_USERS.map((u) => u.username).join(', ')} (password ${DEMO_PASSWORD}).`,
    );
  } finally {
    await ds.destroy();
  }
  const tickets = await seedDemoTickets(config);
  console.log(tickets ? `Demo tickets: ${tickets} filed, in every status.` : 'Demo tickets already present.');
} catch (err) {
  console.error(`seed-demo failed: ${err instanceof ConfigError ? err.message : String(err)}`);
  process.exitCode = 1;
}
