// GET /api/v1/grids/locate over HTTP at Datong's scale. Needs `npm run seed:city` (a city
// of 5,379 grids in its own database) and `npm run build`. Starts the built API on that
// database, logs in, then drives it with autocannon — a process of its own, whose CPU use is
// printed next to the API's — for a bounded time, over loopback only, and prints requests/s
// and latency percentiles. Asserts nothing. BENCH_RESULT_FILE: also append the figures as a
// JSON line (bench/all.mjs).
//
//   npm run seed:city && npm run build && node bench/locate-http.mjs
import { startApi } from './lib/api.mjs';
import { drive, fmtCpu } from './lib/driver.mjs';
import { emit } from './lib/result.mjs';

const PORT = Number(process.env.BENCH_PORT ?? 3099);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
base.pathname = `${base.pathname.replace(/^\//, '') || 'gridflow'}_city`;
const databaseUrl = process.env.SEED_CITY_DATABASE_URL ?? base.toString();

const api = await startApi({
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    DATABASE_OWNER_URL: databaseUrl,
    LOG_LEVEL: 'warn',
    NODE_ENV: 'development',
  },
  port: PORT,
});
const login = await fetch(`${api.url}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: 'gridflow-demo' }),
}).then((r) => r.json());
if (!login.accessToken) throw new Error(`login failed (did you run npm run seed:city?): ${JSON.stringify(login)}`);

// Random points over the seeded city's extent (origin 112.9, 39.8; 74 × 73 cells of 0.004°).
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const paths = Array.from(
  { length: 20_000 },
  () => `/api/v1/grids/locate?lng=${(112.9 + random() * 0.296).toFixed(6)}&lat=${(39.8 + random() * 0.292).toFixed(6)}`,
);
// One request at a time first: the latency of a locate by itself (p95 over SEQUENTIAL requests).
const SEQUENTIAL = Number(process.env.BENCH_SEQUENTIAL ?? 1000);
const times = [];
for (let i = 0; i < SEQUENTIAL + 50; i++) {
  const t0 = performance.now();
  const res = await fetch(`${api.url}${paths[i % paths.length]}`, {
    headers: { authorization: `Bearer ${login.accessToken}` },
  });
  await res.arrayBuffer();
  if (i >= 50) times.push(performance.now() - t0); // the first 50 warm up
}
times.sort((a, b) => a - b);
const seqAt = (q) => times[Math.min(times.length - 1, Math.floor(q * times.length))];

const result = await drive(
  {
    scenario: 'paths',
    url: api.url,
    connections: CONNECTIONS,
    duration: DURATION,
    headers: { authorization: `Bearer ${login.accessToken}` },
    paths,
  },
  api.pid,
);
await api.stop();

const statuses = Object.entries(result.statusCodeStats ?? {})
  .map(([code, s]) => `${code}: ${s.count}`)
  .join(', ');
console.log(`GET /api/v1/grids/locate — ${DURATION} s, ${CONNECTIONS} connections, 5,379 grids`);
console.log(
  `one at a time   p50 ${seqAt(0.5).toFixed(2)} ms, p95 ${seqAt(0.95).toFixed(2)} ms (${SEQUENTIAL} requests)`,
);
console.log(`requests/s      avg ${Math.round(result.requests.average)}, total ${result.requests.total}`);
console.log(`latency         p50 ${result.latency.p50} ms, p90 ${result.latency.p90} ms, p99 ${result.latency.p99} ms`);
console.log(`status codes    ${statuses}   (404 = a point in the partial last row, outside every grid)`);
console.log(`errors          ${result.errors}, timeouts ${result.timeouts}`);
console.log(`API CPU         ${fmtCpu(result.apiCpu)}; peak RSS ${result.apiPeakRssMb.toFixed(0)} MB`);
console.log(`load generator  ${fmtCpu(result.driverCpu)} (autocannon, a process of its own)`);
emit('locate-http', {
  sequentialP50Ms: seqAt(0.5),
  sequentialP95Ms: seqAt(0.95),
  requestsPerSecond: result.requests.average,
  p50Ms: result.latency.p50,
  p99Ms: result.latency.p99,
  errors: result.errors,
  apiCpu: result.apiCpu,
  driverCpu: result.driverCpu,
  apiPeakRssMb: result.apiPeakRssMb,
});
process.exit(0);
