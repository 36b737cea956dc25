// Governance topics at city scale: the city generator's data (5,379 grids) plus 1,000,000
// tickets over a year — with points around their grids, addresses, hot spots that recur, rework
// and dissatisfied ratings — in a throwaway database; then the detection (cluster, repeated
// address, rework) as POST /topics/detect runs it, first (opening the topics) and again
// (finding them all already there), side by side with references measured in the same run on
// the same windows: a plain count per item, and ST_ClusterDBSCAN alone. Prints figures;
// asserts nothing. Needs `npm run build:server`. The database (<DATABASE_URL>_topics_bench, or
// BENCH_TOPICS_DATABASE_URL) is dropped at the end unless BENCH_KEEP=1. Loopback only.
//
//   npm run bench:topics
import { execFileSync, spawn } from 'node:child_process';
import pg from 'pg';

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const PORT = Number(process.env.BENCH_PORT ?? 3096);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
const dbName = `${base.pathname.replace(/^\//, '') || 'gridflow'}_topics_bench`;
const benchUrl =
  process.env.BENCH_TOPICS_DATABASE_URL ?? Object.assign(new URL(base), { pathname: `/${dbName}` }).toString();
const env = { ...process.env, SEED_CITY_DATABASE_URL: benchUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
const secs = (t) => `${((Date.now() - t) / 1000).toFixed(1)} s`;

// BENCH_REUSE=1: the database of a previous run kept with BENCH_KEEP=1, as it is.
const reuse = process.env.BENCH_REUSE === '1';
let t = Date.now();
if (!reuse) {
  execFileSync(process.execPath, ['dist/apps/cli/src/seed-city.js'], { env, stdio: 'ignore' });
  console.log(`city generated in ${secs(t)}`);
}

const db = new pg.Client({ connectionString: benchUrl });
await db.connect();
t = Date.now();
if (!reuse) {
  // 1,000,000 tickets over the last year on random grids, each at a point within ~400 m of its
  // grid's centre, of the 17 items; 40 % with an address from a pool of 200,000; 3 % at one of
  // 400 hot spots (the same point and address again and again); 5 % reworked, 3 % dissatisfied.
  await db.query(
    `
  WITH g AS (
    SELECT code, row_number() OVER (ORDER BY code) AS gi,
           ((boundary->'coordinates'->0->0->>0)::float8 + (boundary->'coordinates'->0->2->>0)::float8) / 2 AS lng,
           ((boundary->'coordinates'->0->0->>1)::float8 + (boundary->'coordinates'->0->2->>1)::float8) / 2 AS lat
    FROM grid),
  items AS (SELECT array_agg(code ORDER BY code) AS codes FROM matter_item WHERE status = 'active'),
  x AS (
    SELECT n, now() - make_interval(secs => random() * 365 * 86400) AS c, 1 + floor(random() * (SELECT count(*) FROM grid))::int AS gi,
           random() < 0.03 AS hot, floor(random() * 400)::int AS spot, random() AS r1, random() AS r2, random() AS r3
    FROM generate_series(1, $1) n)
  INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, location_lng, location_lat,
                      location_address, reporter_phone_mask, reporter_name, rework_count, satisfaction, created_at, updated_at)
  SELECT '2097' || lpad(n::text, 10, '0'), 'T' || lpad(n::text, 9, '0'),
         (ARRAY['archived','archived','archived','verified','rejected','submitted','accepted','dispatched','claimed','resolved'])[1 + (n::bigint * 7919) % 10],
         CASE WHEN x.hot THEN items.codes[1 + x.spot % 17] ELSE items.codes[1 + floor(x.r3 * 17)::int] END,
         CASE WHEN x.hot THEN hg.code ELSE g.code END, 'bench', 'staff',
         CASE WHEN x.hot THEN hg.lng + 0.00002 * x.r1 ELSE g.lng + (x.r1 - 0.5) * 0.008 END,
         CASE WHEN x.hot THEN hg.lat + 0.00002 * x.r2 ELSE g.lat + (x.r2 - 0.5) * 0.008 END,
         CASE WHEN x.hot THEN '热点路' || x.spot || '号'
              WHEN x.r3 * 1000 - floor(x.r3 * 1000) < 0.4 THEN '长街' || floor(x.r1 * 200000)::int || '号' END,
         '13' || lpad((n % 100000)::text, 5, '0') || '****', '居民',
         (random() < 0.05)::int, CASE WHEN random() < 0.03 THEN 'dissatisfied' END, x.c, x.c
  FROM x JOIN g ON g.gi = x.gi JOIN g hg ON hg.gi = 1 + (x.spot * 13) % (SELECT count(*) FROM grid), items`,
    [TICKETS],
  );
  await db.query('ANALYZE');
  console.log(`${TICKETS} tickets in ${secs(t)}`);
}
// The run-time role the API connects as, with its grants on the new database (the migrate step's work).
execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], {
  env: { ...env, DATABASE_URL: benchUrl },
  stdio: 'ignore',
});
await db.query(`DELETE FROM topic_ticket`);
await db.query(`DELETE FROM topic`);

// The references, on the same windows as the default thresholds (30 days for clusters, 90 for the rest).
const time = async (label, sql) => {
  const t0 = performance.now();
  const { rows } = await db.query(sql);
  const ms = performance.now() - t0;
  return { label, ms, rows };
};
const window30 = `created_at >= now() - interval '30 days'`;
const window90 = `created_at >= now() - interval '90 days'`;
const [{ n30 }] = (await db.query(`SELECT count(*)::int AS n30 FROM ticket WHERE ${window30}`)).rows;
const [{ n90 }] = (await db.query(`SELECT count(*)::int AS n90 FROM ticket WHERE ${window90}`)).rows;
const refs = [
  await time(
    `count(*) GROUP BY item_code, 90 days (${n90} tickets)`,
    `SELECT item_code, count(*) FROM ticket WHERE ${window90} AND status <> 'rejected' GROUP BY item_code`,
  ),
  await time(
    `ST_ClusterDBSCAN alone, 300 m / 5, 30 days (${n30} tickets)`,
    `SELECT count(DISTINCT (item_code, cid)) AS clusters FROM (
       SELECT item_code, ST_ClusterDBSCAN(ST_Transform(geom, 32649), eps => 300, minpoints => 5)
              OVER (PARTITION BY item_code) AS cid
       FROM ticket WHERE ${window30} AND geom IS NOT NULL AND status <> 'rejected') c WHERE cid IS NOT NULL`,
  ),
];
await db.end();

const server = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  env: {
    ...env,
    DATABASE_URL: benchUrl,
    PORT: String(PORT),
    QUEUE_PREFIX: 'gfbenchtopics',
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
  if (i > 300) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 200));
}
const { accessToken } = await (
  await fetch(`${url}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'gridflow-demo' }),
  })
).json();
const detect = async () => {
  const t0 = performance.now();
  const res = await fetch(`${url}/api/v1/topics/detect`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(`detect → ${res.status} ${JSON.stringify(body)}`);
  return { ms: performance.now() - t0, body };
};
const first = await detect();
const second = await detect();
server.kill('SIGTERM');

console.log(`\nGovernance topic detection over ${TICKETS} tickets of a year, ${new Date().toISOString()}`);
for (const r of refs) console.log(`  reference  ${r.label.padEnd(58)} ${(r.ms / 1000).toFixed(2).padStart(7)} s`);
const f = first.body;
console.log(
  `  detection  first run (opens the topics)${' '.repeat(26)} ${(first.ms / 1000).toFixed(2).padStart(7)} s` +
    `  (${(f.queryMs / 1000).toFixed(2)} s finding the groups)  — found ${f.found.cluster} clusters, ${f.found.repeat_address} repeated addresses, ${f.found.rework} rework hot spots; opened ${f.created}, linked ${f.linked} tickets`,
);
const s = second.body;
console.log(
  `  detection  second run (nothing new)${' '.repeat(30)} ${(second.ms / 1000).toFixed(2).padStart(7)} s` +
    `  (${(s.queryMs / 1000).toFixed(2)} s finding the groups)  — opened ${s.created}, grew ${s.grown}, linked ${s.linked}`,
);

if (process.env.BENCH_KEEP !== '1') {
  const admin = new pg.Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
  await admin.connect();
  await new Promise((r) => setTimeout(r, 1000));
  await admin.query(`DROP DATABASE IF EXISTS "${new URL(benchUrl).pathname.slice(1)}" WITH (FORCE)`);
  await admin.end();
}
process.exit(0);
