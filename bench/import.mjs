// Hotline (12345) bulk import of a large file: generates a BENCH_ROWS-row export (default
// 50,000) with exceljs's streaming writer in a temporary directory, imports it with
// `import:hotline` (the same code the worker runs) into a fresh database with the demo city,
// then imports it again (every row a duplicate). Prints rows/s and the importer's peak RSS.
// Asserts nothing. Needs `npm run build:server`; uses its own database (BENCH_DATABASE,
// default gridflow_bench_import, rebuilt each run).
//
//   npm run bench:import                      # xlsx
//   BENCH_FORMAT=csv npm run bench:import     # csv
import { execFileSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { finished } from 'node:stream/promises';
import ExcelJS from 'exceljs';
import pg from 'pg';

const ROWS = Number(process.env.BENCH_ROWS ?? 50_000);
const FORMAT = process.env.BENCH_FORMAT ?? 'xlsx';
const DB = process.env.BENCH_DATABASE ?? 'gridflow_bench_import';
const DIST = process.env.BENCH_DIST ?? 'dist';
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres');
const adminUrl = Object.assign(new URL(base), { pathname: '/postgres' }).toString();
const dbUrl = Object.assign(new URL(base), { pathname: `/${DB}` }).toString();
const dir = await mkdtemp(join(tmpdir(), 'gridflow-bench-import-'));
const env = {
  ...process.env,
  DATABASE_URL: dbUrl,
  LOG_LEVEL: 'warn',
  NODE_ENV: 'development',
  QUEUE_PREFIX: 'gfbench_import',
  DATA_DIR: join(dir, 'data'),
};

try {
  // 1. A fresh database with the demo city (12 grids, the default catalogue, the admin login).
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${DB}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${DB}"`);
  await admin.end();
  execFileSync(process.execPath, [`${DIST}/apps/cli/src/migrate.js`], { env, stdio: 'ignore' });
  execFileSync(process.execPath, [`${DIST}/apps/cli/src/seed-demo.js`], { env, stdio: 'ignore' });

  // 2. Points inside the demo grids: each grid's vertex centroid, jittered a little.
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const grids = (await db.query(`SELECT code, boundary FROM grid WHERE status = 'active' ORDER BY code`)).rows;
  await db.end();
  const centres = grids.map(({ boundary }) => {
    const ring = (boundary.type === 'MultiPolygon' ? boundary.coordinates[0][0] : boundary.coordinates[0]).slice(0, -1);
    const lngs = ring.map((p) => p[0]);
    const lats = ring.map((p) => p[1]);
    const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
    return {
      lng: mean(lngs),
      lat: mean(lats),
      dLng: (Math.max(...lngs) - Math.min(...lngs)) / 6,
      dLat: (Math.max(...lats) - Math.min(...lats)) / 6,
    };
  });

  // 3. The export: like a 12345 system writes it — a title row, Chinese headers, date cells,
  //    free-text categories, ~1 % repeated record numbers and ~1 % rows without a description.
  const categories = ['噪音扰民', '邻里纠纷', '垃圾清运', '路灯损坏', '占道经营', '楼道堆物'];
  const categoryMap = {
    噪音扰民: 'B01',
    邻里纠纷: 'B01',
    垃圾清运: 'E01',
    路灯损坏: 'E02',
    占道经营: 'E03',
    楼道堆物: 'E01',
  };
  const headers = ['工单编号', '来电时间', '诉求分类', '诉求内容', '事发地址', '经度', '纬度', '来电号码', '来电人'];
  let seed = 42;
  const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
  const rowAt = (i) => {
    const c = centres[i % centres.length];
    const id = random() < 0.01 && i > 10 ? `RX${String(i - 7).padStart(9, '0')}` : `RX${String(i).padStart(9, '0')}`;
    return [
      id,
      new Date(Date.UTC(2026, 0, 1) + i * 60_000),
      categories[i % categories.length],
      random() < 0.01
        ? ''
        : `第${i}号来电：${categories[i % categories.length]}，请尽快处理。来电人反映情况属实，需要网格员上门核实。`,
      `平城区测试路${i % 500}号`,
      +(c.lng + (random() - 0.5) * c.dLng).toFixed(6),
      +(c.lat + (random() - 0.5) * c.dLat).toFixed(6),
      `13${String(100000000 + Math.floor(random() * 899999999))}`,
      `来电人${i % 1000}`,
    ];
  };
  const file = join(dir, `hotline-${ROWS}.${FORMAT}`);
  const t0 = performance.now();
  if (FORMAT === 'xlsx') {
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true, useStyles: true });
    const ws = wb.addWorksheet('工单');
    ws.addRow(['12345热线工单导出']).commit();
    ws.addRow(headers).commit();
    for (let i = 0; i < ROWS; i++) {
      const row = ws.addRow(rowAt(i));
      row.getCell(2).numFmt = 'yyyy-mm-dd hh:mm:ss';
      row.commit();
    }
    ws.commit();
    await wb.commit();
  } else {
    const out = createWriteStream(file);
    const cell = (v) =>
      v instanceof Date
        ? new Date(v.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ')
        : String(v);
    out.write(`\uFEFF12345热线工单导出\n${headers.join(',')}\n`);
    for (let i = 0; i < ROWS; i++) {
      if (!out.write(`${rowAt(i).map(cell).join(',')}\n`)) await new Promise((r) => out.once('drain', r));
    }
    out.end();
    await finished(out);
  }
  const size = (await stat(file)).size;
  console.log(
    `generated ${ROWS} rows as ${FORMAT}: ${(size / 2 ** 20).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );

  const mapping = join(dir, 'mapping.json');
  await writeFile(
    mapping,
    JSON.stringify({
      columns: {
        externalId: '工单编号',
        time: '来电时间',
        category: '诉求分类',
        description: '诉求内容',
        address: '事发地址',
        lng: '经度',
        lat: '纬度',
        callerPhone: '来电号码',
        callerName: '来电人',
      },
      categoryMap,
      headerRow: 2,
    }),
  );

  // 4. Import it as the demo admin (scope: the city), then once more.
  const run = (label) => {
    const out = execFileSync(
      process.execPath,
      [
        `${DIST}/apps/cli/src/import-hotline.js`,
        file,
        '--mapping',
        mapping,
        '--user',
        'admin',
        '--json',
        '--report',
        join(dir, `report-${label}.xlsx`),
      ],
      { env, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 1 << 20 },
    );
    const s = JSON.parse(out.toString().trim().split('\n').pop());
    console.log(
      `${label.padEnd(9)} ${s.status}: ${s.totalRows} rows in ${s.seconds} s = ${s.rowsPerSecond} rows/s, peak RSS ${s.peakRssMb} MB ` +
        `(${s.created} created, ${s.duplicates} duplicates, ${s.failed} failed)`,
    );
    return s;
  };
  run('import');
  run('re-import');
} finally {
  await rm(dir, { recursive: true, force: true });
}
