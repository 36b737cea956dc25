/**
 * Grid lookup benchmark: how long GridLocator.locate takes at Datong's scale (5,379 grids).
 * Prints figures; it asserts nothing.
 *
 *   npx tsc -p bench/tsconfig.json && node dist-bench/bench/locate.js
 */
import { appendFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { boundaryBBox, generateGridTiling, GridLocator, mulberry32 } from '../libs/domain/src/geo/index.js';

const GRIDS = 5379;
const LOOKUPS = 100_000;
const WARM_UP = 10_000;

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(1)} µs` : `${ms.toFixed(2)} ms`);

let start = performance.now();
const tiling = generateGridTiling({ count: GRIDS, seed: 2024 });
const tilingMs = performance.now() - start;

// Fifteen-digit codes, as in production; the exact values do not matter to the index.
const entries = tiling.map((g) => ({ code: `140213001${String(g.index).padStart(6, '0')}`, boundary: g.boundary }));
start = performance.now();
const locator = new GridLocator(entries);
const loadMs = performance.now() - start;

const [minX, minY, maxX, maxY] = tiling
  .map((g) => boundaryBBox(g.boundary))
  .reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);
const random = mulberry32(7);
const points = Array.from({ length: LOOKUPS }, () => [
  minX + random() * (maxX - minX),
  minY + random() * (maxY - minY),
]);

// The first lookup after a load builds the spatial index.
start = performance.now();
locator.locate(points[0][0], points[0][1]);
const indexMs = performance.now() - start;

for (let i = 0; i < WARM_UP; i++) locator.locate(points[i][0], points[i][1]);

// Per-lookup latency (includes ~0.1 µs of timer overhead per call).
const times = new Float64Array(LOOKUPS);
let hits = 0;
for (let i = 0; i < LOOKUPS; i++) {
  const t0 = process.hrtime.bigint();
  const code = locator.locate(points[i][0], points[i][1]);
  times[i] = Number(process.hrtime.bigint() - t0) / 1e6;
  if (code !== null) hits++;
}
times.sort();
const at = (q: number) => times[Math.min(LOOKUPS - 1, Math.floor(q * LOOKUPS))];

// Throughput without the per-call timers.
start = performance.now();
for (let i = 0; i < LOOKUPS; i++) locator.locate(points[i][0], points[i][1]);
const loopMs = performance.now() - start;

// What a single redrawn grid costs once the process is warm: the whole index is rebuilt.
locator.upsert(entries[0].code, entries[0].boundary);
start = performance.now();
locator.locate(points[0][0], points[0][1]);
const rebuildMs = performance.now() - start;

console.log(`GridLocator benchmark — node ${process.version}`);
console.log(`grids                   ${GRIDS} (tiling generated in ${tilingMs.toFixed(1)} ms)`);
console.log(`load (constructor)      ${fmt(loadMs)}`);
console.log(`index build (1st call)  ${fmt(indexMs)}`);
console.log(`rebuild after 1 upsert  ${fmt(rebuildMs)} (warm)`);
console.log(`lookups                 ${LOOKUPS} random points in the tiling bbox (seeded)`);
console.log(
  `p50 / p95 / p99 / max   ${fmt(at(0.5))} / ${fmt(at(0.95))} / ${fmt(at(0.99))} / ${fmt(times[LOOKUPS - 1])}`,
);
console.log(`throughput              ${Math.round(LOOKUPS / (loopMs / 1000)).toLocaleString('en')} lookups/s`);
console.log(`hit ratio               ${((hits / LOOKUPS) * 100).toFixed(2)} %`);
// BENCH_RESULT_FILE: the figures as a JSON line too (bench/all.mjs collects them).
if (process.env.BENCH_RESULT_FILE) {
  const figures = { p50Ms: at(0.5), p95Ms: at(0.95), p99Ms: at(0.99), lookupsPerSecond: LOOKUPS / (loopMs / 1000) };
  appendFileSync(
    process.env.BENCH_RESULT_FILE,
    `${JSON.stringify({ bench: 'locate', at: new Date().toISOString(), figures })}\n`,
  );
}
