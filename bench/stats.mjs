// Statistics at city scale: the city generator's data (5,379 grids, 43,041 workers) plus
// 1,000,000 tickets over a year with their counters and rollups, then GET /stats/overview
// and /stats/breakdown?by=grid for scopes from the city down to a grid, p50/p95 per query.
// Prints figures; asserts nothing. Needs `npm run build`; works in the city database
// (SEED_CITY_DATABASE_URL or <DATABASE_URL>_city), which `seed:city` rebuilds. Loopback only.
//
// BENCH_TICKETS (1,000,000), BENCH_RUNS (40); BENCH_REUSE_CITY=1 keeps a city that already has
// BENCH_TICKETS tickets; BENCH_RESULT_FILE: also append the figures as a JSON line (bench/all.mjs).
//
//   npm run build && node bench/stats.mjs
import { spawn } from 'node:child_process';
import { cityWithTickets } from './lib/city-tickets.mjs';
import { emit } from './lib/result.mjs';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const PORT = Number(process.env.BENCH_PORT ?? 3095);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
const cityUrl =
  process.env.SEED_CITY_DATABASE_URL ??
  Object.assign(new URL(base), { pathname: `/${base.pathname.replace(/^\//, '') || 'gridflow'}_city` }).toString();
const env = { ...process.env, SEED_CITY_DATABASE_URL: cityUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };

const db = await cityWithTickets({ cityUrl, env, tickets: TICKETS, reuse: process.env.BENCH_REUSE_CITY === '1' });
const scopes = (
  await db.query(`
    SELECT '1402' AS code UNION ALL (SELECT code FROM org_unit WHERE level = 'county' ORDER BY code LIMIT 1)
    UNION ALL (SELECT code FROM org_unit WHERE level = 'township' ORDER BY code LIMIT 1)
    UNION ALL (SELECT code FROM org_unit WHERE level = 'community' ORDER BY code LIMIT 1)
    UNION ALL (SELECT code FROM grid ORDER BY code LIMIT 1)`)
).rows.map((r) => r.code);
await db.end();

const server = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  env: {
    ...env,
    DATABASE_URL: cityUrl,
    DATABASE_OWNER_URL: cityUrl,
    PORT: String(PORT),
    QUEUE_PREFIX: 'gfbenchstats',
    RATE_LIMIT_PER_MINUTE: '100000',
  },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => server.kill('SIGTERM'));
const url = `http://127.0.0.1:${PORT}`;
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`${url}/health`)).ok) break;
  } catch {
    // starting
  }
  if (i > 150) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const { accessToken } = await (
  await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gridflow-demo' }),
  })
).json();
const to = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
const from = new Date(Date.now() + 8 * 3600_000 - 364 * 86_400_000).toISOString().slice(0, 10);
async function measure(path) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = performance.now();
    const res = await fetch(`${url}/api/v1${path}`, { headers: { authorization: `Bearer ${accessToken}` } });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`${path} → ${res.status}`);
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: times[Math.floor(RUNS * 0.5)], p95: times[Math.min(RUNS - 1, Math.floor(RUNS * 0.95))] };
}
const show = (m) => `p50 ${m.p50.toFixed(1)} ms, p95 ${m.p95.toFixed(1)} ms`;
const figures = {};
console.log(`Statistics over a year (${from} … ${to}), ${RUNS} requests each, over HTTP`);
for (const [i, scope] of scopes.entries()) {
  const level = ['city', 'county', 'township', 'community', 'grid'][i];
  const q = `scopeCode=${scope}&from=${from}&to=${to}`;
  const overview = await measure(`/stats/overview?${q}`);
  figures[`${level}OverviewP95Ms`] = overview.p95;
  console.log(`scope ${scope.padEnd(15)} overview            ${show(overview)}`);
  if (scope.length < 15) {
    const breakdown = await measure(`/stats/breakdown?by=grid&${q}`);
    figures[`${level}BreakdownP95Ms`] = breakdown.p95;
    console.log(`scope ${scope.padEnd(15)} breakdown by grid   ${show(breakdown)}`);
  }
}
emit('stats', { tickets: TICKETS, runs: RUNS, ...figures });
server.kill('SIGTERM');
process.exit(0);
