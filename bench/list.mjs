// Scoped ticket lists at city scale: with 1,000,000 tickets (bench/lib/city-tickets.mjs, as
// bench/stats.mjs makes them), a community dispatcher's and a township supervisor's
// GET /api/v1/tickets — the first page and the next one (its cursor) — over HTTP, one request at
// a time, p50/p95 each; and as the reference the same list's SQL sent straight to PostgreSQL
// (what the API's query costs without HTTP, authentication and the JSON). Prints figures;
// asserts nothing. Needs `npm run build:server`; works in the city database
// (SEED_CITY_DATABASE_URL or <DATABASE_URL>_city). Loopback only.
// BENCH_TICKETS (1,000,000), BENCH_RUNS (100); BENCH_REUSE_CITY=1 keeps a city that already has
// BENCH_TICKETS tickets; BENCH_RESULT_FILE: also append the figures as a JSON line (bench/all.mjs).
//
//   npm run bench:list
import { startApi } from './lib/api.mjs';
import { cityWithTickets } from './lib/city-tickets.mjs';
import { emit } from './lib/result.mjs';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 100);
const PORT = Number(process.env.BENCH_PORT ?? 3093);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
const cityUrl =
  process.env.SEED_CITY_DATABASE_URL ??
  Object.assign(new URL(base), { pathname: `/${base.pathname.replace(/^\//, '') || 'gridflow'}_city` }).toString();
const env = { ...process.env, SEED_CITY_DATABASE_URL: cityUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };

const db = await cityWithTickets({ cityUrl, env, tickets: TICKETS, reuse: process.env.BENCH_REUSE_CITY === '1' });
// Two logins beside the city's admin (same password): a community's dispatcher, a township's supervisor.
const [{ community, township }] = // the community and the township with the most tickets
  (
    await db.query(`SELECT (SELECT community_code FROM ticket GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS community,
                         (SELECT township_code FROM ticket GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1) AS township`)
  ).rows;
await db.query(`DELETE FROM app_user WHERE username IN ('bench_dispatcher', 'bench_township')`);
await db.query(
  `INSERT INTO app_user (username, password_hash, display_name, role, scope_code)
   SELECT 'bench_dispatcher', password_hash, '压测调度员', 'dispatcher', $1 FROM app_user WHERE username = 'admin'
   UNION ALL
   SELECT 'bench_township', password_hash, '压测街道督办', 'supervisor', $2 FROM app_user WHERE username = 'admin'`,
  [community, township],
);
await db.query('ANALYZE ticket');

const api = await startApi({
  env: {
    ...env,
    DATABASE_URL: cityUrl,
    DATABASE_OWNER_URL: cityUrl,
    QUEUE_PREFIX: 'gfbenchlist',
    RATE_LIMIT_PER_MINUTE: '100000',
  },
  port: PORT,
});
const login = async (username) =>
  (
    await (
      await fetch(`${api.url}/api/v1/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'gridflow-demo' }),
      })
    ).json()
  ).accessToken;

const quantiles = (times) => {
  times.sort((a, b) => a - b);
  return {
    p50: times[Math.floor(times.length * 0.5)],
    p95: times[Math.min(times.length - 1, Math.floor(times.length * 0.95))],
  };
};
async function overHttp(token, path) {
  const times = [];
  let body;
  for (let i = 0; i < RUNS + 5; i++) {
    const t0 = performance.now();
    const res = await fetch(`${api.url}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
    body = await res.json();
    if (!res.ok) throw new Error(`${path} → ${res.status} ${JSON.stringify(body)}`);
    if (i >= 5) times.push(performance.now() - t0); // the first 5 warm up
  }
  return { ...quantiles(times), body };
}
// The list's SQL as the API sends it (libs/tickets: scope on the stored ancestor column, keyset on
// created_at, id; a page of 20 and one more to know whether there is a next).
async function overSql(column, scope, cursorId) {
  const sql = `SELECT t.* FROM ticket t WHERE t.${column} = $1
     ${cursorId ? 'AND (t.created_at, t.id) < (SELECT c.created_at, c.id FROM ticket c WHERE c.id = $2)' : ''}
     ORDER BY t.created_at DESC, t.id DESC LIMIT 21`;
  const params = cursorId ? [scope, cursorId] : [scope];
  const times = [];
  for (let i = 0; i < RUNS + 5; i++) {
    const t0 = performance.now();
    await db.query(sql, params);
    if (i >= 5) times.push(performance.now() - t0);
  }
  return quantiles(times);
}

const rows = [];
for (const [who, username, column, scope] of [
  ['dispatcher (community)', 'bench_dispatcher', 'community_code', community],
  ['supervisor (township)', 'bench_township', 'township_code', township],
]) {
  const token = await login(username);
  const first = await overHttp(token, '/tickets');
  const lastId = first.body.items.at(-1).id;
  const next = await overHttp(token, `/tickets?cursor=${encodeURIComponent(first.body.nextCursor)}`);
  rows.push({ list: `${who} first page`, http: first, sql: await overSql(column, scope, null) });
  rows.push({ list: `${who} next page`, http: next, sql: await overSql(column, scope, lastId) });
}
await api.stop();
await db.end();

console.log(`Scoped ticket lists at ${TICKETS} tickets, ${RUNS} requests each, one at a time`);
for (const r of rows)
  console.log(
    `${r.list.padEnd(36)} HTTP p50 ${r.http.p50.toFixed(1)} ms, p95 ${r.http.p95.toFixed(1)} ms   SQL p95 ${r.sql.p95.toFixed(2)} ms`,
  );
emit('list', {
  tickets: TICKETS,
  runs: RUNS,
  httpP95Ms: Math.max(...rows.map((r) => r.http.p95)),
  sqlP95Ms: Math.max(...rows.map((r) => r.sql.p95)),
  lists: rows.map((r) => ({ list: r.list, httpP50Ms: r.http.p50, httpP95Ms: r.http.p95, sqlP95Ms: r.sql.p95 })),
});
process.exit(0);
