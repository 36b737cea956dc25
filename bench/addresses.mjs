// Address register (标准地址库) matching at city scale: 500,000 standard addresses (BENCH_ADDRESSES)
// in a throwaway database with the demo city, then AddressMatcher.match — the code the API runs —
// for queries that match exactly after normalisation, by their building (a room of a
// registered building), by trigram similarity (a misspelt street), and not at all; p50/p95 of
// each, side by side with a reference measured in the same run: a plain indexed equality
// lookup of the normalised key in the same database. Prints figures; asserts nothing.
// Needs `npm run build:server`; uses its own database (BENCH_DATABASE, default
// gridflow_bench_addresses, rebuilt each run and dropped at the end unless BENCH_KEEP=1).
//
//   npm run bench:addresses
import { execFileSync } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import pg from 'pg';

const ADDRESSES = Number(process.env.BENCH_ADDRESSES ?? 500_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 400);
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench_addresses';
const DIST = process.env.BENCH_DIST ?? 'dist';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();
const env = { ...process.env, DATABASE_URL: dbUrl, LOG_LEVEL: 'warn', NODE_ENV: 'development' };

const { normalizeAddress, addressPrefixes } = await import(`../${DIST}/libs/domain/src/index.js`);
const { AddressMatcher } = await import(`../${DIST}/libs/addresses/src/index.js`);
const { DataSource } = await import('typeorm');

const admin = new pg.Client({ connectionString: adminUrl });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${DB}"`);
let ds;
try {
  execFileSync(process.execPath, [`${DIST}/apps/cli/src/migrate.js`], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [`${DIST}/apps/cli/src/seed-demo.js`], { env, stdio: 'ignore' });
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const grids = (await db.query(`SELECT code FROM grid WHERE status = 'active' ORDER BY code`)).rows.map((r) => r.code);
  const prefixes = addressPrefixes(
    (await db.query(`SELECT name FROM org_unit WHERE level IN ('city','county','township')`)).rows.map((r) => r.name),
  );

  // 500,000 addresses: 2,000 streets × 25 door plates × 10 buildings (a building per row).
  const SYL = '安宝北昌城春大德东方福复光广和红华建金京康兰乐利联龙民明南平庆荣瑞山胜盛顺泰天同文西祥新兴阳永玉园振中';
  const streetName = (i) =>
    `${SYL[i % SYL.length]}${SYL[Math.floor(i / SYL.length) % SYL.length]}${['路', '街', '巷', '大街'][Math.floor(i / 2304) % 4]}${i >= 2304 * 4 ? Math.floor(i / 9216) : ''}`;
  const addressOf = (n) => {
    const building = (n % 10) + 1;
    const plate = (Math.floor(n / 10) % 25) + 1;
    const street = Math.floor(n / 250);
    return { text: `${streetName(street)}${plate}号${building}栋`, grid: grids[street % grids.length] };
  };
  let t = performance.now();
  const BATCH = 10_000;
  for (let from = 0; from < ADDRESSES; from += BATCH) {
    const rows = Array.from({ length: Math.min(BATCH, ADDRESSES - from) }, (_, i) => addressOf(from + i));
    await db.query(
      `INSERT INTO address (norm_key, address, grid_code)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[]) ON CONFLICT (norm_key) DO NOTHING`,
      [rows.map((r) => normalizeAddress(r.text, prefixes)), rows.map((r) => r.text), rows.map((r) => r.grid)],
    );
  }
  await db.query('ANALYZE address');
  const [{ n }] = (await db.query(`SELECT count(*)::int AS n FROM address`)).rows;
  console.log(`${n} addresses written in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  ds = await new DataSource({ type: 'postgres', url: dbUrl, poolSize: 4 }).initialize();
  const matcher = new AddressMatcher(ds);
  const pick = (i) => addressOf((i * 7919) % ADDRESSES);
  const CN = '〇一二三四五六七八九';
  const kinds = {
    // 大同市平城区 + full-width digits + 三幢 for 3栋
    exact: (i) => {
      const a = pick(i).text.replace(/(\d+)栋$/, (_, b) => `${[...b].map((d) => CN[d]).join('')}幢`);
      return `山西省大同市平城区${a.replace(/\d/g, (d) => String.fromCharCode(0xff10 + Number(d)))}`;
    },
    building: (i) => `${pick(i).text}2单元301室`,
    fuzzy: (i) => pick(i).text.replace(/^(.)(.)/, '$1$2新'),
    none: (i) => `不存在的路${i}号`,
  };
  const p = (xs, q) => xs.sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
  const results = {};
  for (let i = 0; i < 50; i++) await matcher.match(kinds.exact(i)); // warm-up
  for (const [kind, query] of Object.entries(kinds)) {
    const times = [];
    let hits = 0;
    for (let i = 0; i < RUNS; i++) {
      const q = query(i + 1000);
      t = performance.now();
      const m = await matcher.match(q);
      times.push(performance.now() - t);
      if (m) hits++;
    }
    results[kind] = { p50: p(times, 0.5), p95: p(times, 0.95), hits };
  }
  // The reference: one indexed equality lookup of a normalised key, same database, same pool.
  const ref = [];
  for (let i = 0; i < RUNS; i++) {
    const key = normalizeAddress(pick(i + 1000).text, prefixes);
    t = performance.now();
    await ds.query(`SELECT address, grid_code, lng, lat FROM address WHERE norm_key = $1`, [key]);
    ref.push(performance.now() - t);
  }
  const fmt = (ms) => `${ms.toFixed(2).padStart(7)} ms`;
  console.log(`\nmatch over ${n} addresses, ${RUNS} queries each      p50        p95     matched`);
  for (const [kind, r] of Object.entries(results)) {
    console.log(`  AddressMatcher.match, ${kind.padEnd(9)}            ${fmt(r.p50)} ${fmt(r.p95)}   ${r.hits}/${RUNS}`);
  }
  console.log(`  reference: indexed equality on norm_key   ${fmt(p(ref, 0.5))} ${fmt(p(ref, 0.95))}`);
  await db.end();
} finally {
  await ds?.destroy();
  if (!process.env.BENCH_KEEP) await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin.end();
}
