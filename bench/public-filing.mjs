// Residents' filings (群众点单, POST /api/v1/public/tickets) over HTTP: autocannon — a process
// of its own, whose CPU use is printed next to the API's — at BENCH_CONNECTIONS (16) for
// BENCH_SECONDS (15 s), then the same against GET /health in the same run as the reference (what
// this machine's HTTP stack answers when a request does nearly nothing). Prints filings/s,
// latency, the API's CPU and peak resident memory under the load. Asserts nothing. Needs
// `npm run build:server`; uses its own database (BENCH_DATABASE, default
// gridflow_bench_public, rebuilt each run with the demo city) and loopback only.
// BENCH_RESULT_FILE: also append the figures as a JSON line (bench/all.mjs).
//
//   npm run bench:public-filing
import { execFileSync } from 'node:child_process';
import pg from 'pg';
import { startApi } from './lib/api.mjs';
import { drive, fmtCpu } from './lib/driver.mjs';
import { rssMbOfTree } from './lib/proc.mjs';
import { emit } from './lib/result.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3094);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench_public';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${DB}"`);
await admin.end();
const env = {
  ...process.env,
  DATABASE_URL: dbUrl,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  QUEUE_PREFIX: 'gfbenchpub',
};
execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], { env, stdio: 'ignore' });
execFileSync(process.execPath, ['dist/apps/cli/src/seed-demo.js'], { env, stdio: 'ignore' });

// One API process as `npm start` runs it (BENCH_API_WORKERS for more); the per-address rate
// limit out of the way: every request comes from 127.0.0.1.
const api = await startApi({ env: { ...env, RATE_LIMIT_PER_MINUTE: '100000' }, port: PORT });
const idleRss = rssMbOfTree(api.pid);
const filing = await drive(
  {
    url: api.url,
    connections: CONNECTIONS,
    duration: SECONDS,
    method: 'POST',
    path: '/api/v1/public/tickets',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ itemCode: 'E01', gridCode: '140213001001001', description: '路灯不亮（压测）' }),
  },
  api.pid,
);
const health = await drive({ url: api.url, connections: CONNECTIONS, duration: SECONDS, path: '/health' }, api.pid);
await api.stop();

const created = filing.statusCodeStats?.['201']?.count ?? 0;
const perSecond = created / (filing.wallMs / 1000);
const codes = (r) =>
  Object.entries(r.statusCodeStats ?? {})
    .map(([code, s]) => `${code}: ${s.count}`)
    .join(', ');
console.log(`Public filing over HTTP — ${CONNECTIONS} connections, ${SECONDS} s, node ${process.version}`);
console.log(`filings/s             ${perSecond.toFixed(0)} (${created} filed; ${codes(filing)})  (goal ≥ 1,000)`);
console.log(`latency               p50 ${filing.latency.p50} ms, p99 ${filing.latency.p99} ms`);
console.log(
  `API CPU               ${fmtCpu(filing.apiCpu)}; peak RSS ${filing.apiPeakRssMb.toFixed(0)} MB, idle ${idleRss.toFixed(0)} MB  (goal ≤ 300)`,
);
console.log(`load generator CPU    ${fmtCpu(filing.driverCpu)} (autocannon, a process of its own)`);
console.log(`reference: GET /health  ${health.requests.average.toFixed(0)} requests/s (${codes(health)})`);
console.log(`  API CPU             ${fmtCpu(health.apiCpu)}; load generator ${fmtCpu(health.driverCpu)}`);
emit('public-filing', {
  filingsPerSecond: perSecond,
  healthPerSecond: health.requests.average,
  p50Ms: filing.latency.p50,
  p99Ms: filing.latency.p99,
  errors: filing.errors + filing.timeouts,
  non201: filing.requests.total - created,
  apiCpu: filing.apiCpu,
  driverCpu: filing.driverCpu,
  apiPeakRssMb: filing.apiPeakRssMb,
  apiIdleRssMb: idleRss,
  seconds: SECONDS,
  connections: CONNECTIONS,
});
process.exit(0);
