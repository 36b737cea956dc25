// Full six-step lifecycles (六联单) over HTTP at concurrency 16, then the same SQL per
// transition through pgbench at the same concurrency, and the ratio of the two. Prints
// figures; asserts nothing. Needs `npm run build`; uses its own database (BENCH_DATABASE,
// default gridflow_bench, rebuilt each run) and loopback only.
//
//   npm run build && node bench/lifecycle.mjs
import { execFileSync, spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const PORT = Number(process.env.BENCH_PORT ?? 3098);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();
const api = `http://127.0.0.1:${PORT}/api/v1`;

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

// 2. The API (one process, as `npm start` runs it), with the rate limit out of the way.
const server = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  env: { ...env, PORT: String(PORT), RATE_LIMIT_PER_MINUTE: '100000' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
process.on('exit', () => server.kill('SIGTERM'));
for (let i = 0; ; i++) {
  try {
    if ((await fetch(`http://127.0.0.1:${PORT}/health`)).ok) break;
  } catch {
    // not yet
  }
  if (i > 100) throw new Error('API did not start');
  await new Promise((r) => setTimeout(r, 200));
}

async function call(method, path, token, body) {
  const res = await fetch(`${api}${path}`, {
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

// 3. HTTP: each of CONCURRENCY loops files a ticket and takes it through the six steps.
const latencies = [];
let transitions = 0;
let lifecycles = 0;
const timed = async (fn) => {
  const t0 = performance.now();
  const out = await fn();
  latencies.push(performance.now() - t0);
  return out;
};
const deadline = Date.now() + SECONDS * 1000;
const started = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (Date.now() < deadline) {
      const { id } = await call('POST', '/tickets', grid1, {
        itemCode: 'B01',
        gridCode: '140213001001001',
        description: 'bench lifecycle',
      });
      const steps = [
        [grid1, 'accept', {}],
        [dispatcher, 'dispatch', { assigneeId: partyId }],
        [party1, 'claim', {}],
        [party1, 'resolve', { result: 'done' }],
        [supervisor, 'verify', { outcome: 'pass', satisfaction: 'satisfied' }],
        [supervisor, 'archive', {}],
      ];
      for (const [token, action, body] of steps) {
        await timed(() => call('POST', `/tickets/${id}/${action}`, token, body));
        transitions++;
      }
      lifecycles++;
    }
  }),
);
const httpSeconds = (performance.now() - started) / 1000;
server.kill('SIGTERM');
latencies.sort((a, b) => a - b);
const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(1);
const httpRate = transitions / httpSeconds;

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

console.log(`Ticket lifecycles over HTTP — ${CONCURRENCY} concurrent, ${SECONDS} s, node ${process.version}`);
console.log(`lifecycles            ${lifecycles} (each: file + 6 transitions)`);
console.log(`transitions/s         ${httpRate.toFixed(0)}`);
console.log(`transition latency    p50 ${pct(0.5)} ms, p99 ${pct(0.99)} ms`);
console.log(`pgbench same SQL      ${pgRate.toFixed(0)} transitions/s (${CONCURRENCY} clients)`);
console.log(`ratio HTTP / pgbench  ${(httpRate / pgRate).toFixed(2)}  (goal ≥ 0.5)`);
process.exit(0);
