// Reliability drill (issue 10): two API processes and two workers on one PostgreSQL and a Redis
// of the drill's own, a mixed load with short time limits so that steps escalate during the run,
// and faults meanwhile — kill -9 of a worker with jobs active, Redis losing the drill's keys,
// a Redis restart (SHUTDOWN NOSAVE), PostgreSQL dropping every connection of the drill's
// database (or, with --pg-restart, a real restart), kill -9 of an API mid-request. Then it waits
// for the system to settle and checks that nothing acknowledged was lost, timelines are whole,
// escalations happened exactly once, nothing is stuck in the outbox, and no 5xx came outside
// the faults. Prints a report; exits 1 on any violation.
//
//   npm run drill:short            # ≈ 3–4 minutes (CI)
//   npm run drill                  # the long form, 15 minutes of load (by hand)
//   node bench/drill.mjs [--duration 900] [--short] [--seed N] [--concurrency 8] [--keep] [--pg-restart]
//
// Builds nothing: the npm scripts run `npm run build:server` first. Its own database
// (gridflow_drill_<ts>, dropped at the end unless --keep), its own redis-server on a free port
// from 6390 (the shared Redis is never touched) and its own queue prefix; loopback only.
//
// --pg-restart restarts the whole PostgreSQL cluster (pg_ctlcluster … restart) instead of
// terminating the drill database's connections: ONLY on a machine of your own — it cuts off
// everyone else using that server.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Redis } from 'ioredis';
import pg from 'pg';
import { Cluster, freePorts, sleep } from './drill/cluster.mjs';
import { runChecks, settle } from './drill/checks.mjs';
import { Load } from './drill/load.mjs';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '900' },
    short: { type: 'boolean', default: false },
    seed: { type: 'string' },
    concurrency: { type: 'string' },
    keep: { type: 'boolean', default: false },
    'pg-restart': { type: 'boolean', default: false },
    'pg-cluster': { type: 'string', default: 'main' },
  },
});
const DURATION_S = Number(args.duration);
const SHORT = args.short;
const SEED = Number(args.seed ?? Date.now() % 2 ** 31);
const CONCURRENCY = Number(args.concurrency ?? (SHORT ? 6 : 8));
// Long enough for the relay to send again a ticket event Redis lost (after 120 s, looked for every 30 s).
const SETTLE_TIMEOUT_MS = 200_000;
const GRACE_S = 3;
/** Outbox rows and ticket events younger than this at the snapshot are in flight, not stuck or lost. */
const IN_FLIGHT_S = 10;
/** The drill item's limits (calendar seconds): a few seconds per step, so steps warn and escalate during the run. */
const LIMITS = {
  acceptSeconds: 6,
  dispatchSeconds: 6,
  claimSeconds: 6,
  resolveSeconds: 8,
  verifySeconds: 8,
  archiveSeconds: 8,
};
const URGENT_LIMITS = {
  acceptSeconds: 4,
  dispatchSeconds: 4,
  claimSeconds: 4,
  resolveSeconds: 6,
  verifySeconds: 6,
  archiveSeconds: 6,
};
const ITEM = 'F9901';

if (!existsSync('dist/apps/api/src/main.js') || !existsSync('dist/apps/worker/src/main.js')) {
  console.error('drill: dist/ is missing — run `npm run build:server` (npm run drill does it first)');
  process.exit(2);
}

const ts = new Date().toISOString().replace(/[-:T]/g, '').replace(/\..*/, '');
const DB = `gridflow_drill_${ts}`;
const PREFIX = `gfdrill${ts}`;
const APP_ROLE = `${PREFIX}_app`;
const logDir = join(tmpdir(), `gridflow-drill-${ts}`);
mkdirSync(logDir, { recursive: true });
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();

// Seeded, so that a run's choices (fates, pauses, which API) can be replayed with --seed.
let rngState = SEED >>> 0;
const rand = () => {
  rngState = (rngState + 0x6d2b79f5) >>> 0;
  let t = rngState;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const started = Date.now();
const since = (t) => `+${((t - started) / 1000).toFixed(1)} s`;
const log = (msg) => console.log(`[${since(Date.now()).padStart(9)}] ${msg}`);

/** The drill's own connection to the server; a PostgreSQL restart ends it (then it is opened again). */
async function connectAdmin() {
  const client = new pg.Client({ connectionString: adminUrl });
  client.on('error', () => undefined);
  await client.connect();
  return client;
}
let admin = await connectAdmin();
await admin.query(`CREATE DATABASE "${DB}"`);

let cluster;
let db;
let redis;
let cleaning = null;
let currentLoad = null;
async function cleanup() {
  cleaning ??= (async () => {
    if (currentLoad) currentLoad.stopAt = 0;
    await cluster?.stop().catch((err) => console.error(`drill: stopping processes: ${err.message}`));
    redis?.disconnect();
    await db?.end().catch(() => undefined);
    if (!args.keep) {
      await admin
        .query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`)
        .catch((err) => console.error(`drill: dropping ${DB}: ${err.message}`));
      await admin
        .query(`DROP ROLE IF EXISTS "${APP_ROLE}"`)
        .catch((err) => console.error(`drill: dropping role ${APP_ROLE}: ${err.message}`));
    }
    await admin.end().catch(() => undefined);
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, async () => {
    console.error(`\ndrill: ${signal}, stopping every process it started${args.keep ? '' : ` and dropping ${DB}`}`);
    await cleanup();
    process.exit(130);
  });
}
process.on('exit', () => cluster?.killAllNow());

async function drill() {
  // 1. The database: migrations and the demo city (logins of every role, 12 grids).
  const env = {
    ...process.env,
    DATABASE_URL: dbUrl,
    QUEUE_PREFIX: PREFIX,
    NODE_ENV: 'development',
    LOG_LEVEL: 'warn',
    RATE_LIMIT_PER_MINUTE: '100000',
    // One DATA_DIR for every process: the secrets generated there on first start are shared.
    DATA_DIR: join(logDir, 'data'),
    // The apps' run-time database role (server-wide): the drill's own, dropped at the end.
    DATABASE_APP_ROLE: APP_ROLE,
    DB_POOL_SIZE: '10',
  };
  log(`database ${DB}, queue prefix ${PREFIX}, seed ${SEED}, logs in ${logDir}`);
  for (const cli of ['migrate', 'seed-demo']) {
    execFileSync(process.execPath, [`dist/apps/cli/src/${cli}.js`], {
      env,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
  }
  db = new pg.Pool({ connectionString: dbUrl, max: 3 });
  db.on('error', () => undefined); // connections cut by the PostgreSQL fault: the pool replaces them

  // 2. Its own Redis, two APIs, two workers.
  const ports = await freePorts(6390, 1);
  const appPorts = await freePorts(3190, 4);
  cluster = new Cluster({ env, ports: [...ports, ...appPorts], logDir });
  await cluster.startAll();
  redis = new Redis(cluster.redisUrl, { maxRetriesPerRequest: 1 });
  redis.on('error', () => undefined);
  log(
    `redis-server :${ports[0]}, api-a :${appPorts[0]}, api-b :${appPorts[1]}, ` +
      `worker-a :${appPorts[2]}, worker-b :${appPorts[3]} — all healthy`,
  );

  const apis = ['api-a', 'api-b'].map((name) => ({ name, url: cluster.apiUrl(name) }));
  const load = new Load({ apis, itemCode: ITEM, rand, concurrency: CONCURRENCY, readers: 2 });
  currentLoad = load;
  await load.login();

  // 3. The drill's matter: short limits in calendar time, proposed and approved by the admin.
  const adminCall = (method, path, body) =>
    load.call(apis[0], method, `/api/v1${path}`, { token: load.tokens.admin, body, op: 'admin' });
  const proposed = await adminCall('POST', '/catalog/items', {
    code: ITEM,
    name: '演练：短时限事项',
    categoryCode: 'F',
    tier: 'grid',
    urgent: false,
    department: '可靠性演练',
    limits: LIMITS,
    urgentLimits: URGENT_LIMITS,
    clock: 'calendar',
  });
  if (!proposed.ok) throw new Error(`proposing ${ITEM}: ${proposed.status} ${JSON.stringify(proposed.json)}`);
  const approved = await adminCall('POST', `/catalog/items/${ITEM}/approve`, { reason: 'drill' });
  if (!approved.ok) throw new Error(`approving ${ITEM}: ${approved.status} ${JSON.stringify(approved.json)}`);
  // The other API learns of it through the change feed.
  for (let i = 0; ; i++) {
    const r = await load.call(apis[1], 'GET', '/api/v1/catalog', { token: load.tokens.grid1, op: 'catalog' });
    if (r.ok && r.json.some((c) => c.items.some((it) => it.code === ITEM))) break;
    if (i > 50) throw new Error(`api-b never saw ${ITEM}`);
    await sleep(100);
  }
  log(
    `item ${ITEM} active: limits ${Object.values(LIMITS).join('/')} s (urgent ${Object.values(URGENT_LIMITS).join('/')} s), calendar clock`,
  );

  // 4. Load and faults.
  const faults = [];
  const plan = faultPlan();
  log(`load for ${DURATION_S} s at concurrency ${CONCURRENCY} (+2 readers); ${plan.length} faults planned`);
  const loadStart = Date.now();
  const running = load.run(DURATION_S * 1000);
  const injecting = (async () => {
    for (const step of plan) {
      // Never while the previous fault is still being recovered from: each gets its own window.
      const at = Math.max(loadStart + step.atS * 1000, (faults.at(-1)?.windowEnd ?? 0) + 5_000);
      if (Date.now() < at) await sleep(at - Date.now());
      if (!load.running) break;
      const fault = await inject(step, { load, apis });
      faults.push(fault);
      log(describeFault(fault));
    }
  })();
  await Promise.all([running, injecting]);
  const loadEnd = Date.now();
  log(`load stopped after ${((loadEnd - loadStart) / 1000).toFixed(0)} s`);

  // 5. Settle, check one consistent snapshot of the database while the workers still run (so
  //    that what they write meanwhile is neither half-seen nor mistaken for stuck), then stop
  //    every app gracefully (SIGTERM drains).
  const settled = await settle(db, redis, PREFIX, { timeoutMs: SETTLE_TIMEOUT_MS, graceS: GRACE_S - 1 });
  log(
    settled.ok
      ? `settled in ${(settled.ms / 1000).toFixed(1)} s`
      : `NOT settled after ${(settled.ms / 1000).toFixed(0)} s: ${JSON.stringify(settled.last)}`,
  );
  const inFaultWindow = (t) => faults.some((f) => t >= f.at - 500 && t <= f.windowEnd);
  const snapshot = await db.connect();
  let checks;
  try {
    await snapshot.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    checks = await runChecks(snapshot, {
      load,
      itemCodes: [ITEM],
      settledAt: settled.at,
      graceS: GRACE_S,
      inFlightS: IN_FLIGHT_S,
      inFaultWindow,
      crashes: cluster.crashes,
    });
    await snapshot.query('COMMIT');
  } finally {
    snapshot.release();
  }
  // The relays' LISTEN connections, cut by every PostgreSQL fault, must be open again (until
  // then the relays only poll).
  const [{ n: listening }] = (
    await db.query(
      `SELECT count(*)::int AS n FROM pg_stat_activity
        WHERE datname = $1 AND application_name = 'gridflow-outbox-listen' AND query = 'LISTEN outbox'`,
      [DB],
    )
  ).rows;
  checks.push({
    name: "every worker's outbox relay listening again",
    ok: listening === 2,
    summary: `${listening} of 2 LISTEN outbox connections open`,
    failures: listening === 2 ? 0 : 1,
    examples: [],
  });
  const shutdowns = {};
  for (const name of ['api-a', 'api-b', 'worker-a', 'worker-b']) shutdowns[name] = await cluster.terminate(name);
  checks.unshift({
    name: 'settled (outbox drained, due deadlines processed)',
    ok: settled.ok,
    summary: `${(settled.ms / 1000).toFixed(1)} s${settled.ok ? '' : `, still pending: ${JSON.stringify(settled.last)}`}`,
    failures: settled.ok ? 0 : 1,
    examples: [],
  });
  const slow = Object.entries(shutdowns).filter(([, s]) => !s.graceful);
  checks.push({
    name: 'graceful shutdown on SIGTERM',
    ok: slow.length === 0,
    summary: Object.entries(shutdowns)
      .map(([n, s]) => `${n} ${s.graceful ? `${s.ms} ms` : 'KILLED after 15 s'}`)
      .join(', '),
    failures: slow.length,
    examples: [],
  });
  for (const f of faults) {
    if (f.recovered) continue;
    checks.push({
      name: `recovery from ${f.kind}`,
      ok: false,
      summary: `not recovered: ${f.problem}`,
      failures: 1,
      examples: [],
    });
  }

  report({ load, faults, checks, loadStart, loadEnd, settled });
  return checks.every((c) => c.ok) ? 0 : 1;
}

/** When each fault happens (seconds into the load). The long form goes round the five kinds again and again. */
function faultPlan() {
  const pgKind = args['pg-restart'] ? 'pg-restart' : 'pg-terminate';
  const kinds = ['worker-kill', 'redis-loss', 'redis-restart', pgKind, 'api-kill'];
  if (SHORT || DURATION_S < 300) {
    // One of each, spread over the load, the last one well before its end.
    return kinds.map((kind, i) => ({ kind, atS: Math.round(DURATION_S * (0.08 + i * 0.13)), round: 0 }));
  }
  const every = 45;
  const plan = [];
  for (let i = 0, at = 20; at < DURATION_S - 40; i++, at += every) {
    plan.push({ kind: kinds[i % kinds.length], atS: at, round: Math.floor(i / kinds.length) });
  }
  return plan;
}

const activeJobs = async () => {
  const lens = await Promise.all(
    ['ticket-events', 'deadlines', 'dispatch'].map((q) => redis.llen(`${PREFIX}:${q}:active`).catch(() => 0)),
  );
  return lens.reduce((a, b) => a + b, 0);
};

/** Ticket events already relayed from the outbox (marked published) but not yet finished by a worker. */
const pendingEvents = async () => {
  const q = `${PREFIX}:ticket-events`;
  const [wait, active, delayed] = await Promise.all([
    redis.llen(`${q}:wait`).catch(() => 0),
    redis.llen(`${q}:active`).catch(() => 0),
    redis.zcard(`${q}:delayed`).catch(() => 0),
  ]);
  return wait + active + delayed;
};

/** Polls `probe` until it resolves true; the time it took, or null after `timeoutMs`. */
async function timeUntil(t0, probe, timeoutMs = 90_000) {
  while (Date.now() - t0 < timeoutMs) {
    try {
      if (await probe()) return Date.now() - t0;
    } catch {
      // not yet
    }
    await sleep(200);
  }
  return null;
}

/** A filing on one API, recorded like the load's (so the checks cover it too). */
async function filingSucceeds(load, api) {
  const key = `drill-probe-${load.runId}-${++load.seq}`;
  const body = { itemCode: ITEM, gridCode: '140213001001002', description: `drill ${key}` };
  const filing = { key, body, by: 'dispatcher', answers: [] };
  load.filings.set(key, filing);
  const r = await load.call(api, 'POST', '/api/v1/tickets', {
    token: load.tokens.dispatcher,
    body,
    headers: { 'idempotency-key': key },
    op: 'file (recovery probe)',
  });
  filing.answers.push({ api: api.name, status: r.status, id: r.json?.id, number: r.json?.number, t: Date.now() });
  return r.ok;
}

/** Both APIs healthy and filing; the queues consumed (a probe job finished by a worker). */
async function measureRecovery(t0, { load, apis }, extra = {}) {
  const out = {};
  out.apisMs = await timeUntil(t0, async () => {
    for (const a of apis) if (!(await fetch(`${a.url}/health`, { signal: AbortSignal.timeout(2000) })).ok) return false;
    for (const a of apis) if (!(await filingSucceeds(load, a))) return false;
    return true;
  });
  out.queueMs = await timeUntil(t0, async () => {
    const r = await fetch(`${apis[0].url}/health/queue?timeoutMs=2000`, { signal: AbortSignal.timeout(4000) });
    return r.ok;
  });
  if (extra.worker) {
    // The restarted worker itself takes jobs again: a probe job finished by that process.
    out.workerMs = await timeUntil(t0, async () => {
      const api = load.pick(apis);
      const r = await fetch(`${api.url}/health/queue?timeoutMs=2000`, { signal: AbortSignal.timeout(4000) });
      return r.ok && (await r.json()).processedBy === `drill-${extra.worker}`;
    });
  }
  if (extra.timers) {
    // The sweeper noticed the lost timers and re-armed them from PostgreSQL.
    out.timersMs = await timeUntil(t0, async () => (await redis.exists(`${PREFIX}:deadlines:armed`)) === 1, 60_000);
  }
  return out;
}

async function inject(step, ctx) {
  const { kind } = step;
  const fault = { kind, round: step.round };
  switch (kind) {
    case 'worker-kill': {
      const name = step.round % 2 ? 'worker-b' : 'worker-a';
      // While jobs are active: wait (briefly) for the worker queues to hold some.
      for (let i = 0; i < 50 && (await activeJobs()) === 0; i++) await sleep(100);
      fault.detail = `kill -9 ${name} (${await activeJobs()} jobs active), restarted after 3 s`;
      fault.at = Date.now();
      await cluster.kill9(name);
      await sleep(3_000);
      cluster.start(name);
      Object.assign(fault, await measureRecovery(fault.at, ctx, { worker: name }));
      break;
    }
    case 'redis-loss': {
      // With relayed-but-unfinished ticket events in Redis, if there are any within 3 s: those are what could be lost.
      for (let i = 0; i < 60 && (await pendingEvents()) === 0; i++) await sleep(50);
      const pending = await pendingEvents();
      fault.at = Date.now();
      let deleted = 0;
      for (let cursor = '0'; ;) {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${PREFIX}:*`, 'COUNT', 1000);
        if (keys.length) deleted += await redis.del(...keys);
        cursor = next;
        if (cursor === '0') break;
      }
      fault.detail = `deleted every key under ${PREFIX}:* (${deleted} keys: queues, delayed timers, marker; ${pending} ticket event(s) unfinished)`;
      Object.assign(fault, await measureRecovery(fault.at, ctx, { timers: true }));
      break;
    }
    case 'redis-restart': {
      for (let i = 0; i < 60 && (await pendingEvents()) === 0; i++) await sleep(50);
      const pending = await pendingEvents();
      fault.at = Date.now();
      await cluster.shutdownRedis();
      await sleep(3_000);
      await cluster.startRedis();
      fault.detail = `SHUTDOWN NOSAVE of the drill redis-server (${pending} ticket event(s) unfinished), started again 3 s later, empty`;
      Object.assign(fault, await measureRecovery(fault.at, ctx, { timers: true }));
      break;
    }
    case 'pg-terminate': {
      fault.at = Date.now();
      const { rows } = await admin.query(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
        [DB],
      );
      fault.detail = `pg_terminate_backend on all ${rows.length} connections of ${DB} (what a restart looks like to the apps)`;
      Object.assign(fault, await measureRecovery(fault.at, ctx));
      break;
    }
    case 'pg-restart': {
      const [{ v }] = (await admin.query(`SELECT current_setting('server_version_num')::int / 10000 AS v`)).rows;
      fault.at = Date.now();
      execFileSync('pg_ctlcluster', ['--skip-systemctl-redirect', String(v), args['pg-cluster'], 'restart'], {
        stdio: 'ignore',
      });
      fault.detail = `pg_ctlcluster ${v} ${args['pg-cluster']} restart`;
      // The drill's own admin connection went with it.
      await admin.end().catch(() => undefined);
      admin = await connectAdmin();
      Object.assign(fault, await measureRecovery(fault.at, ctx));
      break;
    }
    case 'api-kill': {
      const name = step.round % 2 ? 'api-a' : 'api-b';
      // Mid-request: wait (briefly) until requests are in flight on it.
      for (let i = 0; i < 100 && ctx.load.inflight[name] === 0; i++) await sleep(20);
      fault.detail = `kill -9 ${name} with ${ctx.load.inflight[name]} request(s) in flight, restarted after 2 s`;
      fault.at = Date.now();
      await cluster.kill9(name);
      await sleep(2_000);
      cluster.start(name);
      Object.assign(fault, await measureRecovery(fault.at, ctx));
      break;
    }
  }
  const times = [fault.apisMs, fault.queueMs, fault.workerMs, fault.timersMs].filter((x) => x !== undefined);
  fault.recovered = times.every((x) => x !== null);
  if (!fault.recovered) fault.problem = describeFault(fault);
  // The fault's window, for telling its 5xx from others: until the APIs file and the queues
  // run again (re-arming timers is background work and answers no request), plus 3 s.
  const serving = [fault.apisMs, fault.queueMs, fault.workerMs].filter((x) => x !== undefined);
  fault.windowEnd = fault.at + Math.max(...serving.map((x) => x ?? 90_000)) + 3_000;
  return fault;
}

const secs = (ms) => (ms === null ? 'NOT within the timeout' : `${(ms / 1000).toFixed(1)} s`);

function describeFault(f) {
  const parts = [`both APIs healthy and filing after ${secs(f.apisMs)}`, `queue round trip after ${secs(f.queueMs)}`];
  if (f.workerMs !== undefined) parts.push(`restarted worker processing after ${secs(f.workerMs)}`);
  if (f.timersMs !== undefined) parts.push(`timers re-armed after ${secs(f.timersMs)}`);
  return `${f.kind}: ${f.detail}; ${parts.join(', ')}`;
}

function report({ load, faults, checks, loadStart, loadEnd, settled }) {
  const seconds = (loadEnd - loadStart) / 1000;
  const rs = load.responses.filter((r) => r.t >= loadStart);
  const byOp = new Map();
  for (const r of rs) {
    const o = byOp.get(r.op) ?? { n: 0, ok: 0, ms: [] };
    o.n++;
    if (typeof r.status === 'number' && r.status < 400) o.ok++;
    o.ms.push(r.ms);
    byOp.set(r.op, o);
  }
  const pct = (xs, p) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))] ?? 0;
  const errs = rs.filter((r) => typeof r.status !== 'number').length;
  const fivexx = rs.filter((r) => typeof r.status === 'number' && r.status >= 500).length;
  const acknowledged = [...load.filings.values()].filter((f) =>
    f.answers.some((a) => a.status >= 200 && a.status < 300),
  );
  const line = '─'.repeat(100);
  console.log(`\n${line}\nGridFlow reliability drill — ${SHORT ? 'short' : 'long'} form, seed ${SEED}`);
  console.log(
    `${line}\nLoad: ${seconds.toFixed(0)} s, ${rs.length} requests (${(rs.length / seconds).toFixed(1)}/s) over 2 APIs`,
  );
  console.log(
    `  ${acknowledged.length} filings acknowledged, ${load.acks.length} transitions acknowledged, ` +
      `${load.counts.lifecycles} lifecycles: ${load.counts.archived} archived, ${load.counts.rejected} rejected, ` +
      `${load.counts.idle} left idle to escalate, ${load.counts.reworks} reworks, ${load.counts.declines} declines`,
  );
  console.log(
    `  ${load.counts.conflicts} × 409 (lost races with timers/retries, re-read and retried), ` +
      `${errs} connection failures, ${fivexx} × 5xx`,
  );
  for (const [op, o] of [...byOp].sort((a, b) => b[1].n - a[1].n)) {
    console.log(
      `    ${op.padEnd(24)} ${String(o.n).padStart(6)}  ok ${String(o.ok).padStart(6)}  p50 ${pct(o.ms, 0.5)} ms  p99 ${pct(o.ms, 0.99)} ms`,
    );
  }
  const intoLoad = (t) => `${((t - loadStart) / 1000).toFixed(1)} s`;
  console.log(`${line}\nFaults (seconds into the load; recovery times measured from the fault):`);
  for (const f of faults) {
    console.log(`  ${intoLoad(f.at).padStart(8)}  ${describeFault(f)}`);
    console.log(`            at ${new Date(f.at).toISOString()}`);
    const inside = (r) => r.t >= f.at - 500 && r.t <= f.windowEnd;
    const fx = rs.filter((r) => typeof r.status === 'number' && r.status >= 500 && inside(r));
    const e = rs.filter((r) => typeof r.status !== 'number' && inside(r)).length;
    console.log(`            window to ${intoLoad(f.windowEnd)}: ${fx.length} × 5xx, ${e} connection failures`);
    const kinds = new Map();
    for (const r of fx) {
      const k = `${r.api} ${r.op} → ${r.status} ${r.detail ?? ''}`.trim();
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    for (const [k, n] of kinds) console.log(`              ${n} × ${k}`);
  }
  console.log(`${line}\nSettle: ${settled.ok ? 'ok' : 'TIMED OUT'} after ${(settled.ms / 1000).toFixed(1)} s`);
  console.log(`${line}\nChecks:`);
  for (const c of checks) {
    console.log(`  ${c.ok ? 'PASS' : 'FAIL'}  ${c.name} — ${c.summary}`);
    for (const ex of c.examples) console.log(`          ${ex}`);
    if (c.failures > c.examples.length) console.log(`          … ${c.failures - c.examples.length} more`);
  }
  const failed = checks.filter((c) => !c.ok).length;
  console.log(`${line}\n${failed ? `FAILED: ${failed} check(s)` : 'ALL CHECKS PASSED'} — process logs in ${logDir}`);
}

// Last, so that every function and constant above is initialised.
try {
  process.exitCode = await drill();
} catch (err) {
  console.error(`drill: ${err.stack ?? err}`);
  console.error(`drill: process logs in ${logDir}`);
  process.exitCode = 2;
  if (currentLoad) currentLoad.stopAt = 0;
}
await cleanup();
