// 100,000 pending escalation timers with due times spread over three minutes, one worker process:
// prints escalations/s, lateness (escalated − due) p50/p99/max, and the missed and doubled
// escalations (both must be 0). Prints figures; asserts nothing. Needs `npm run build`; uses
// its own database (BENCH_DATABASE, default gridflow_bench_esc, rebuilt each run) and Redis
// prefix. Loopback only. BENCH_TIMERS, BENCH_SPREAD_SECONDS, BENCH_LEAD_SECONDS;
// BENCH_RESULT_FILE: also append the figures as a JSON line (bench/all.mjs).
//
//   npm run build && node bench/escalation.mjs
import { execFileSync, spawn } from 'node:child_process';
import { Redis } from 'ioredis';
import pg from 'pg';
import { emit } from './lib/result.mjs';

const TIMERS = Number(process.env.BENCH_TIMERS ?? 100_000);
const SPREAD_S = Number(process.env.BENCH_SPREAD_SECONDS ?? 180);
const LEAD_S = Number(process.env.BENCH_LEAD_SECONDS ?? 60);
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench_esc';
const PREFIX = 'gfbenchesc';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${DB}"`);
await admin.end();
const redis = new Redis(redisUrl);
for (let cursor = '0'; ;) {
  const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
  if (keys.length) await redis.del(...keys);
  cursor = next;
  if (cursor === '0') break;
}
redis.disconnect();
const env = { ...process.env, DATABASE_URL: dbUrl, QUEUE_PREFIX: PREFIX, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], { env, stdio: 'ignore' });
execFileSync(process.execPath, ['dist/apps/cli/src/seed-demo.js'], { env, stdio: 'ignore' });

// The timers: open tickets whose accept step falls due between LEAD_S and LEAD_S + SPREAD_S from now.
const db = new pg.Client({ connectionString: dbUrl });
await db.connect();
const t0 = Date.now();
await db.query(
  `INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, warning,
                       due_at, next_escalation_at, step_seq, last_seq)
   SELECT '2097' || lpad(n::text, 10, '0'), 'T' || lpad(n::text, 9, '0'), 'submitted', 'B01',
          (ARRAY['140213001001001','140213001002001','140213002001001','140213002002001'])[1 + n % 4],
          'bench', 'staff', true, d, d, 1, 1
   FROM (SELECT n, to_timestamp($2 / 1000.0 + $3 + random() * $4) AS d FROM generate_series(1, $1) n) x`,
  [TIMERS, t0, LEAD_S, SPREAD_S],
);
await db.query(
  `INSERT INTO ticket_event (ticket_id, seq, type, from_status, to_status) SELECT id, 1, 'filed', NULL, 'submitted'
   FROM ticket WHERE number LIKE '2097%'`,
);
console.log(
  `${TIMERS} timers due from +${LEAD_S} s over ${SPREAD_S} s (inserted in ${((Date.now() - t0) / 1000).toFixed(1)} s)`,
);

// One worker (it arms every pending timer from PostgreSQL at start).
const worker = spawn(process.execPath, ['dist/apps/worker/src/main.js'], {
  env: { ...env, WORKER_PORT: '3096', WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? '32' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => worker.kill('SIGTERM'));

const deadline = t0 + (LEAD_S + SPREAD_S + 120) * 1000;
let done;
while (Date.now() < deadline) {
  await new Promise((r) => setTimeout(r, 2000));
  [{ done }] = (
    await db.query(
      `SELECT count(*)::int AS done FROM supervision s JOIN ticket t ON t.id = s.ticket_id
     WHERE t.number LIKE '2097%' AND s.escalation_no = 1`,
    )
  ).rows;
  if (done >= TIMERS) break;
}
worker.kill('SIGTERM');

const [stats] = (
  await db.query(
    `SELECT count(*)::int AS escalated,
          percentile_cont(0.5) WITHIN GROUP (ORDER BY lateness) AS p50,
          percentile_cont(0.99) WITHIN GROUP (ORDER BY lateness) AS p99,
          max(lateness) AS max,
          extract(epoch FROM max(s_at) - min(s_at)) AS span
   FROM (SELECT extract(epoch FROM s.at - t.due_at) AS lateness, s.at AS s_at
         FROM supervision s JOIN ticket t ON t.id = s.ticket_id
         WHERE t.number LIKE '2097%' AND s.escalation_no = 1 AND s.kind = 'auto') x`,
  )
).rows;
const [{ missed }] = (
  await db.query(
    `SELECT count(*)::int AS missed FROM ticket t WHERE t.number LIKE '2097%'
   AND NOT EXISTS (SELECT 1 FROM supervision s WHERE s.ticket_id = t.id AND s.escalation_no = 1)`,
  )
).rows;
const [{ doubled }] = (
  await db.query(
    `SELECT count(*)::int AS doubled FROM (
     SELECT e.ticket_id FROM ticket_event e JOIN ticket t ON t.id = e.ticket_id
     WHERE t.number LIKE '2097%' AND e.type = 'escalated' AND (e.data->>'n')::int = 1
     GROUP BY e.ticket_id HAVING count(*) > 1) x`,
  )
).rows;
await db.end();
const ms = (s) => `${(Number(s) * 1000).toFixed(0)} ms`;
console.log(`escalated             ${stats.escalated} of ${TIMERS}`);
console.log(
  `escalations/s         ${(stats.escalated / Math.max(1, Number(stats.span))).toFixed(0)} (over ${Number(stats.span).toFixed(1)} s)`,
);
console.log(`lateness              p50 ${ms(stats.p50)}, p99 ${ms(stats.p99)}, max ${ms(stats.max)}  (goal p99 ≤ 1 s)`);
console.log(`missed                ${missed}`);
console.log(`doubled               ${doubled}`);
emit('escalation', {
  timers: TIMERS,
  escalated: stats.escalated,
  p50Ms: Number(stats.p50) * 1000,
  p99Ms: Number(stats.p99) * 1000,
  maxMs: Number(stats.max) * 1000,
  missed,
  doubled,
});
process.exit(0);
