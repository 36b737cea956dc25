// Full six-step lifecycles (六联单) over HTTP at concurrency 16, then the same SQL per
// transition through pgbench at the same concurrency, and the ratio of the two. Prints
// figures; asserts nothing. The requests come from autocannon in a process of its own
// (bench/lib/driver.mjs), whose CPU use is printed next to the API's. Needs `npm run build`;
// uses its own database (BENCH_DATABASE, default gridflow_bench, rebuilt each run) and
// loopback only. BENCH_RESULT_FILE: also append the figures as a JSON line (bench/all.mjs).
//
//   npm run build && node bench/lifecycle.mjs
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startApi } from './lib/api.mjs';
import { drive, fmtCpu } from './lib/driver.mjs';
import { emit } from './lib/result.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3098);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
// Seconds of the same load before the measured run, not counted: a running API has compiled its
// hot code and filled its connection pool; a process seconds old has not (docs/benchmarks.md).
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 3);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();

// 1. A fresh database with the demo city (its logins act at every step).
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
  QUEUE_PREFIX: 'gfbench',
};
execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], { env, stdio: 'ignore' });
execFileSync(process.execPath, ['dist/apps/cli/src/seed-demo.js'], { env, stdio: 'ignore' });

// 2. The API (one process, as `npm start` runs it; BENCH_API_WORKERS for more), with the rate
//    limit out of the way.
const api = await startApi({ env: { ...env, RATE_LIMIT_PER_MINUTE: '100000' }, port: PORT });

async function call(method, path, token, body) {
  const res = await fetch(`${api.url}/api/v1${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(json)}`);
  return json;
}
const login = async (username) =>
  (await call('POST', '/auth/login', null, { username, password: 'gridflow-demo' })).accessToken;
const [grid1, dispatcher, party1, supervisor] = await Promise.all(
  ['grid1', 'dispatcher', 'party1', 'supervisor'].map(login),
);
const partyId = (await call('GET', '/auth/me', party1)).id;

// 3. HTTP: CONCURRENCY connections of the load generator (a process of its own), each filing a
//    ticket and taking it through the six steps, again and again: WARMUP_SECONDS not counted,
//    then SECONDS measured.
const load = (duration) => ({
  scenario: 'lifecycle',
  url: api.url,
  connections: CONCURRENCY,
  duration,
  lifecycle: { tokens: { grid1, dispatcher, party1, supervisor }, partyId, gridCode: '140213001001001' },
});
if (WARMUP_SECONDS > 0) await drive(load(WARMUP_SECONDS), api.pid);
const run = await drive(load(SECONDS), api.pid);
await api.stop();
const { transitions, filed, failed } = run.lifecycle;
const httpRate = transitions / (run.wallMs / 1000);

// 4. pgbench: the same SQL per transition (compare-and-set update, timeline event, outbox row).
const bench = new pg.Client({ connectionString: dbUrl });
await bench.connect();
await bench.query(`
  INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel, last_seq)
  SELECT '20990101' || lpad(n::text, 6, '0'), 'B' || lpad(n::text, 7, '0'), 'claimed', 'B01', '140213001001001', 'pgbench', 'staff', 0
  FROM generate_series(1, 10000) n`);
await bench.end();
const script = join(tmpdir(), 'gridflow-transition.sql');
writeFileSync(
  script,
  `\\set n random(1, 10000)
BEGIN;
UPDATE ticket SET status = 'claimed', version = version + 1, last_seq = last_seq + 1, updated_at = now()
  WHERE number = '20990101' || lpad(:n::text, 6, '0') AND status = 'claimed' RETURNING last_seq \\gset
INSERT INTO ticket_event (ticket_id, seq, type, actor_role, from_status, to_status, data)
  SELECT id, :last_seq, 'claimed', 'party_member', 'claimed', 'claimed', '{}' FROM ticket
  WHERE number = '20990101' || lpad(:n::text, 6, '0');
INSERT INTO outbox (topic, payload) VALUES ('ticket-event', json_build_object('n', :n, 'seq', :last_seq)::jsonb);
END;
`,
);
const out = execFileSync(
  'pgbench',
  [
    '-h',
    base.hostname,
    '-p',
    base.port || '5432',
    '-U',
    decodeURIComponent(base.username || 'postgres'),
    '-n',
    '-c',
    String(CONCURRENCY),
    '-j',
    '2',
    '-T',
    String(SECONDS),
    '-f',
    script,
    DB,
  ],
  { encoding: 'utf8' },
);
const pgRate = Number(/tps = ([\d.]+)/.exec(out)?.[1]);

const ratio = httpRate / pgRate;
console.log(
  `Ticket lifecycles over HTTP — ${CONCURRENCY} concurrent, ${SECONDS} s after ${WARMUP_SECONDS} s not counted, node ${process.version}`,
);
console.log(`lifecycles            ${filed} filed (each: file + 6 transitions), ${failed} failed requests`);
console.log(`transitions/s         ${httpRate.toFixed(0)}`);
console.log(`transition latency    p50 ${run.lifecycle.p50?.toFixed(1)} ms, p99 ${run.lifecycle.p99?.toFixed(1)} ms`);
console.log(`API CPU               ${fmtCpu(run.apiCpu)}; peak RSS ${run.apiPeakRssMb.toFixed(0)} MB`);
console.log(`load generator CPU    ${fmtCpu(run.driverCpu)} (autocannon, a process of its own)`);
console.log(`pgbench same SQL      ${pgRate.toFixed(0)} transitions/s (${CONCURRENCY} clients)`);
console.log(`ratio HTTP / pgbench  ${ratio.toFixed(2)}  (goal ≥ 0.5)`);
emit('lifecycle', {
  transitionsPerSecond: httpRate,
  pgbenchPerSecond: pgRate,
  ratio,
  failed,
  p50Ms: run.lifecycle.p50,
  p99Ms: run.lifecycle.p99,
  apiCpu: run.apiCpu,
  driverCpu: run.driverCpu,
  apiPeakRssMb: run.apiPeakRssMb,
  seconds: SECONDS,
  warmupSeconds: WARMUP_SECONDS,
  concurrency: CONCURRENCY,
});
process.exit(0);
