// The console on a cheap phone on 4G: Chromium with slow-4G network emulation (562.5 ms RTT,
// 1.47 Mbit/s down, 675 kbit/s up — Lighthouse's "slow 4G") and a 4× slower CPU opens the
// resident's request page (/r/:gridCode, from the QR code) and the login page, cold cache,
// and measures the compressed script bytes transferred, first contentful paint and "usable"
// (the page's controls are there: the request form with its item categories, the login
// button). Prints the budget table (median of BENCH_RUNS runs); asserts nothing.
//
// Needs `npm run build` (npm run bench:web does it). Works in its own database
// (BENCH_WEB_DATABASE_URL or <DATABASE_URL>_benchweb), migrated and seeded with the demo
// city; serves the console from WEB_DIR (default dist/web). Loopback only. BENCH_RESULT_FILE:
// also append the figures as a JSON line (bench/all.mjs).
//
//   npm run bench:web
/* global document */
import { execFileSync, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import pg from 'pg';
import playwright from 'playwright-core';
import { emit } from './lib/result.mjs';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const PORT = Number(process.env.BENCH_PORT ?? 3096);
const WEB_DIR = resolve(process.env.WEB_DIR ?? 'dist/web');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const GOAL_MS = 5000;
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
const dbUrl =
  process.env.BENCH_WEB_DATABASE_URL ??
  Object.assign(new URL(base), { pathname: `/${base.pathname.replace(/^\//, '') || 'gridflow'}_benchweb` }).toString();

// Lighthouse's slow-4G (DevTools throttling) and its mobile CPU slowdown.
const SLOW_4G = {
  offline: false,
  latency: 562.5,
  downloadThroughput: (1.4745 * 1024 * 1024) / 8,
  uploadThroughput: (675 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

async function ensureDatabase(url) {
  const admin = new URL(url);
  const name = admin.pathname.replace(/^\//, '');
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!found.rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

async function firstGrid(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query('SELECT code FROM grid ORDER BY code LIMIT 1');
    return rows[0].code;
  } finally {
    await client.end();
  }
}

async function waitForHealth(url, child) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the API did not become healthy in 60 s');
}

/** One cold visit: compressed script bytes, first contentful paint and the time the page is usable. */
async function visit(browser, url, usable) {
  const context = await browser.newContext({
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  const scripts = new Set();
  let scriptBytes = 0;
  cdp.on('Network.responseReceived', (e) => {
    if (e.type === 'Script') scripts.add(e.requestId);
  });
  cdp.on('Network.loadingFinished', (e) => {
    if (scripts.has(e.requestId)) scriptBytes += e.encodedDataLength;
  });
  await page.goto(url, { waitUntil: 'commit', timeout: 120_000 });
  const usableMs = await (
    await page.waitForFunction(usable, undefined, { timeout: 120_000, polling: 'raf' })
  ).jsonValue();
  const fcp = await (
    await page.waitForFunction(() => performance.getEntriesByName('first-contentful-paint')[0]?.startTime, undefined, {
      timeout: 120_000,
    })
  ).jsonValue();
  // Scripts still arriving after "usable" (lazy chunks) count too.
  await page.waitForLoadState('networkidle', { timeout: 120_000 });
  await context.close();
  return { scriptKb: scriptBytes / 1024, firstRenderMs: fcp, usableMs };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const env = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };
await ensureDatabase(dbUrl);
execFileSync(process.execPath, ['dist/apps/cli/src/migrate.js'], { env, stdio: 'ignore' });
execFileSync(process.execPath, ['dist/apps/cli/src/seed-demo.js'], { env, stdio: 'ignore' });
const grid = await firstGrid(dbUrl);

const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  env: { ...env, PORT: String(PORT), WEB_DIR, RATE_LIMIT_PER_MINUTE: '100000' },
  stdio: 'ignore',
});
const baseUrl = `http://127.0.0.1:${PORT}`;
try {
  await waitForHealth(`${baseUrl}/health`, api);
  const browser = await playwright.chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking'],
  });
  const pages = [
    {
      page: '群众点单 /r/:grid',
      url: `${baseUrl}/r/${grid}`,
      budgetKb: 350,
      // The form is filled in once its item categories are shown and 提交诉求 can be pressed.
      usable: () =>
        document.querySelector('[role="radiogroup"] [role="radio"], [role="radiogroup"] input[type="radio"]') &&
        [...document.querySelectorAll('button')].some((b) => b.textContent.replace(/\s/g, '') === '提交诉求')
          ? performance.now()
          : null,
    },
    {
      page: '登录 /login',
      url: `${baseUrl}/login`,
      budgetKb: 450,
      usable: () =>
        document.querySelector('input#username, input[id$="username"]') &&
        [...document.querySelectorAll('button')].some((b) => b.textContent.replace(/\s/g, '') === '登录')
          ? performance.now()
          : null,
    },
  ];
  const rows = [];
  for (const p of pages) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await visit(browser, p.url, p.usable));
    rows.push({
      page: p.page,
      'compressed JS KB': Math.round(median(runs.map((r) => r.scriptKb))),
      'budget KB': p.budgetKb,
      'first render ms': Math.round(median(runs.map((r) => r.firstRenderMs))),
      'usable ms': Math.round(median(runs.map((r) => r.usableMs))),
      'goal ms': GOAL_MS,
    });
  }
  await browser.close();
  emit('web', {
    runs: RUNS,
    pages: rows.map((r) => ({
      page: r.page,
      scriptKb: r['compressed JS KB'],
      budgetKb: r['budget KB'],
      firstRenderMs: r['first render ms'],
      usableMs: r['usable ms'],
      goalMs: r['goal ms'],
    })),
  });
  console.log(`slow 4G (562.5 ms RTT, 1.47 Mbit/s), CPU ×${CPU_SLOWDOWN}, cold cache, median of ${RUNS}; ${WEB_DIR}`);
  console.table(rows);
  console.log('| page | compressed JS KB | budget KB | first render ms | usable ms | goal ms |');
  console.log('|---|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(
      `| ${r.page} | ${r['compressed JS KB']} | ${r['budget KB']} | ${r['first render ms']} | ${r['usable ms']} | ${r['goal ms']} |`,
    );
} finally {
  api.kill('SIGTERM');
}
