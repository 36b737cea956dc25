// `npm run bench`: every benchmark at its documented size, one after the other, then ONE table —
// figure, goal, measured, the reference measured in the same run, ratio, verdict — and the load
// generators' CPU next to the API's. `npm run bench -- --quick`: the same at small sizes, a smoke
// run of a few minutes (its figures are not the goals' figures). `--only lifecycle,list`: some.
// Each bench appends its figures to bench/results/<time>.jsonl (BENCH_RESULT_FILE); the table is
// also written next to it as .md. A bench that fails is reported and the rest still run.
// See docs/benchmarks.md. Needs `npm run build` (npm run bench does it), PostgreSQL, Redis,
// pgbench and Chromium; loopback only.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, totalmem } from 'node:os';
import { buildTable, driverLines, markdownTable, parseResultLines } from './lib/table.mjs';

const QUICK = process.argv.includes('--quick');
const onlyArg = process.argv.find((a) => a.startsWith('--only'));
const only =
  onlyArg && (onlyArg.includes('=') ? onlyArg.split('=')[1] : process.argv[process.argv.indexOf(onlyArg) + 1]);
const quick = (env) => (QUICK ? env : {});

// In this order: stats makes the city (1M tickets), list and locate-http reuse it.
const BENCHES = [
  { name: 'lifecycle', run: ['bench/lifecycle.mjs'], env: quick({ BENCH_SECONDS: '3' }) },
  { name: 'public-filing', run: ['bench/public-filing.mjs'], env: quick({ BENCH_SECONDS: '3' }) },
  { name: 'stats', run: ['bench/stats.mjs'], env: quick({ BENCH_TICKETS: '20000', BENCH_RUNS: '10' }) },
  {
    name: 'list',
    run: ['bench/list.mjs'],
    env: { BENCH_REUSE_CITY: '1', ...quick({ BENCH_TICKETS: '20000', BENCH_RUNS: '10' }) },
  },
  {
    name: 'locate',
    build: ['node_modules/.bin/tsc', '-p', 'bench/tsconfig.json'],
    run: ['dist-bench/bench/locate.js'],
  },
  {
    name: 'locate-http',
    run: ['bench/locate-http.mjs'],
    env: quick({ BENCH_SECONDS: '3', BENCH_SEQUENTIAL: '200' }),
  },
  {
    name: 'escalation',
    run: ['bench/escalation.mjs'],
    env: quick({ BENCH_TIMERS: '2000', BENCH_SPREAD_SECONDS: '10', BENCH_LEAD_SECONDS: '15' }),
  },
  { name: 'web', run: ['bench/web.mjs'], env: quick({ BENCH_RUNS: '1' }) },
];

const stamp = new Date().toISOString().replace(/[:.]/g, '-');
mkdirSync('bench/results', { recursive: true });
const resultFile = `bench/results/${stamp}${QUICK ? '-quick' : ''}.jsonl`;
writeFileSync(resultFile, '');
const failed = [];
for (const bench of BENCHES.filter((b) => !only || only.split(',').includes(b.name))) {
  console.log(`\n=== ${bench.name}${QUICK ? ' (quick)' : ''} ===`);
  const t0 = Date.now();
  const env = { ...process.env, ...bench.env, BENCH_RESULT_FILE: resultFile };
  const build = bench.build
    ? spawnSync(bench.build[0], bench.build.slice(1), { stdio: 'inherit', env })
    : { status: 0 };
  const run = build.status === 0 ? spawnSync(process.execPath, bench.run, { stdio: 'inherit', env }) : build;
  if (run.status !== 0) failed.push(bench.name);
  console.log(`(${bench.name}: ${((Date.now() - t0) / 1000).toFixed(0)} s${run.status !== 0 ? ', FAILED' : ''})`);
}

const results = parseResultLines(readFileSync(resultFile, 'utf8'));
const table = markdownTable(buildTable(results));
const machine = `${availableParallelism()} × ${cpus()[0]?.model ?? 'CPU'}, ${(totalmem() / 2 ** 30).toFixed(1)} GB, load average ${loadavg()[0].toFixed(1)} at the end, node ${process.version}`;
const text = [
  `GridFlow benchmarks${QUICK ? ' — QUICK (small sizes: a smoke run, not the goals’ figures)' : ''}, ${new Date().toISOString()}`,
  machine,
  '',
  table,
  '',
  ...driverLines(results),
  ...(failed.length ? ['', `failed: ${failed.join(', ')}`] : []),
].join('\n');
console.log(`\n${text}`);
writeFileSync(resultFile.replace(/\.jsonl$/, '.md'), `${text}\n`);
console.log(`\n(results: ${resultFile})`);
process.exit(failed.length ? 1 : 0);
