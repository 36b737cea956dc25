// Statistics at city scale: the city generator's data (5,379 grids, 43,041 workers) plus
// 1,000,000 tickets over a year with their counters and rollups, then GET /stats/overview
// and /stats/breakdown?by=grid for scopes from the city down to a grid, p50/p95 per query.
// Prints figures; asserts nothing. Needs `npm run build`; works in the city database
// (SEED_CITY_DATABASE_URL or <DATABASE_URL>_city), which `seed:city` rebuilds. Loopback only.
//
//   npm run build && node bench/stats.mjs
import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const PORT = Number(process.env.BENCH_PORT ?? 3095);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
const cityUrl =
  process.env.SEED_CITY_DATABASE_URL ??
  Object.assign(new URL(base), { pathname: `/${base.pathname.replace(/^\//, '') || 'gridflow'}_city` }).toString();
const env = { ...process.env, SEED_CITY_DATABASE_URL: cityUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };

let t = Date.now();
execFileSync(process.execPath, ['dist/apps/cli/src/seed-city.js'], { env, stdio: 'ignore' });
console.log(`city generated in ${((Date.now() - t) / 1000).toFixed(1)} s`);

const db = new pg.Client({ connectionString: cityUrl });
await db.connect();
t = Date.now();
// 1,000,000 tickets over the last year, on random grids; 4 % still open.
await db.query(
  `
  INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, created_at, updated_at)
  SELECT '2096' || lpad(n::text, 10, '0'), 'S' || lpad(n::text, 9, '0'),
         (ARRAY['archived','archived','archived','archived','archived','archived','archived','archived','verified','rejected',
                'archived','archived','archived','archived','archived','archived','archived','archived','verified','archived',
                'submitted','accepted','dispatched','claimed','resolved'])[1 + (n::bigint * 7919) % 25],
         'B01', g.code, 'bench', 'staff', c, c
  FROM (SELECT n, now() - (random() * 365 || ' days')::interval AS c, 1 + floor(random() * 5379)::int AS gi
        FROM generate_series(1, $1) n) x
  JOIN (SELECT code, row_number() OVER (ORDER BY code) AS gi FROM grid) g USING (gi)`,
  [TICKETS],
);
console.log(`${TICKETS} tickets in ${((Date.now() - t) / 1000).toFixed(1)} s`);
t = Date.now();
// Their counters (what the worker's refresh computes from each timeline), and the rollups.
await db.query(`
  INSERT INTO ticket_fact (ticket_id, day, grid_code, item_code, submitted, responded_in_time, resolved, resolved_in_time,
                           closed, verified, rejected, archived, open, callbacks, satisfied, verify_decisions, reworks,
                           escalations, overdue, warning)
  SELECT id, (created_at AT TIME ZONE 'Asia/Shanghai')::date, grid_code, item_code, 1,
         (random() < 0.9)::int, (status IN ('archived','verified','resolved'))::int,
         (status IN ('archived','verified','resolved') AND random() < 0.85)::int,
         (status IN ('archived','verified','rejected'))::int, (status IN ('archived','verified'))::int,
         (status = 'rejected')::int, (status = 'archived')::int,
         (status IN ('submitted','accepted','dispatched','claimed','resolved'))::int,
         (status IN ('archived','verified'))::int, (status IN ('archived','verified') AND random() < 0.92)::int,
         (status IN ('archived','verified'))::int, (random() < 0.05)::int,
         (random() < 0.08)::int, (random() < 0.06)::int, (random() < 0.12)::int
  FROM ticket WHERE number LIKE '2096%'`);
const sums = `sum(submitted), sum(responded_in_time), sum(resolved), sum(resolved_in_time), sum(closed), sum(verified),
  sum(rejected), sum(archived), sum(open), sum(callbacks), sum(satisfied), sum(verify_decisions), sum(reworks),
  sum(escalations), sum(overdue), sum(warning)`;
const cols = `submitted, responded_in_time, resolved, resolved_in_time, closed, verified, rejected, archived, open,
  callbacks, satisfied, verify_decisions, reworks, escalations, overdue, warning`;
await db.query(
  `INSERT INTO stats_daily (day, grid_code, ${cols}) SELECT day, grid_code, ${sums} FROM ticket_fact GROUP BY 1, 2`,
);
await db.query(
  `INSERT INTO stats_monthly (month, grid_code, ${cols}) SELECT date_trunc('month', day)::date, grid_code, ${sums} FROM ticket_fact GROUP BY 1, 2`,
);
await db.query(
  `INSERT INTO stats_daily_community (day, community_code, ${cols})
   SELECT day, left(grid_code, 12), ${sums} FROM ticket_fact GROUP BY 1, 2`,
);
await db.query(
  `INSERT INTO stats_monthly_community (month, community_code, ${cols})
   SELECT date_trunc('month', day)::date, left(grid_code, 12), ${sums} FROM ticket_fact GROUP BY 1, 2`,
);
await db.query('ANALYZE');
const [{ daily, monthly }] = (
  await db.query(
    `SELECT (SELECT count(*) FROM stats_daily)::int AS daily, (SELECT count(*) FROM stats_monthly)::int AS monthly`,
  )
).rows;
console.log(`facts and rollups in ${((Date.now() - t) / 1000).toFixed(1)} s (${daily} daily, ${monthly} monthly rows)`);
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
  return `p50 ${times[Math.floor(RUNS * 0.5)].toFixed(1)} ms, p95 ${times[Math.floor(RUNS * 0.95)].toFixed(1)} ms`;
}
console.log(`Statistics over a year (${from} … ${to}), ${RUNS} requests each, over HTTP`);
for (const scope of scopes) {
  const q = `scopeCode=${scope}&from=${from}&to=${to}`;
  console.log(`scope ${scope.padEnd(15)} overview            ${await measure(`/stats/overview?${q}`)}`);
  if (scope.length < 15)
    console.log(`scope ${scope.padEnd(15)} breakdown by grid   ${await measure(`/stats/breakdown?by=grid&${q}`)}`);
}
server.kill('SIGTERM');
process.exit(0);
