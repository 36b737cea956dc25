import { DataSource } from 'typeorm';
import { ConfigError, loadConfig, PUBLISHED_PII_KEY } from '@gridflow/config';
import { dataSourceOptions } from '@gridflow/database';
import { rekeyPii } from '@gridflow/tickets';
import { seedDemoAddresses } from './seeds/demo-addresses.js';
import { DEMO_PASSWORD, DEMO_USERS, seedDemoCity } from './seeds/demo-city.js';
import { seedDemoTickets } from './seeds/demo-tickets.js';
import { seedDemoTopics } from './seeds/demo-topics.js';

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
    // Demo data from before generated keys was encrypted with the key the repository once shipped:
    // move it under this machine's key; what no key opens (a lost key) is demo data, so it is cleared.
    const { rekeyed, unreadable } = await rekeyPii(ds, config, {
      extraKeys: [Buffer.from(PUBLISHED_PII_KEY, 'hex')],
      clearUnreadable: true,
    });
    if (rekeyed + unreadable > 0) {
      console.log(
        `Personal data: ${rekeyed} value(s) re-encrypted under this machine's key, ${unreadable} unreadable cleared.`,
      );
    }
    const counts = await ds.transaction((tx) => seedDemoCity(tx));
    console.log(
      `Demo city ready: ${counts.grids} grids, ${counts.workers} workers, logins ${DEMO_USERS.map((u) => u.username).join(', ')} (password ${DEMO_PASSWORD}).`,
    );
    const addresses = await ds.transaction((tx) => seedDemoAddresses(tx));
    if (addresses > 0) console.log(`Demo address register: ${addresses} standard addresses.`);
  } finally {
    await ds.destroy();
  }
  const tickets = await seedDemoTickets(config);
  console.log(tickets ? `Demo tickets: ${tickets} filed, in every status.` : 'Demo tickets already present.');
  const topics = await seedDemoTopics(config);
  console.log(
    topics
      ? `Governance topics (未诉先办): ${topics.created} opened from recurring tickets.`
      : 'Governance topics already present.',
  );
} catch (err) {
  console.error(`seed-demo failed: ${err instanceof ConfigError ? err.message : String(err)}`);
  process.exitCode = 1;
}
