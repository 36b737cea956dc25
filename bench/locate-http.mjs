// GET /api/v1/grids/locate over HTTP at Datong's scale. Needs `npm run seed:city` (a city
// of 5,379 grids in its own database) and `npm run build`. Starts the built API on that
// database, logs in, then drives it with autocannon from this process for a bounded time,
// over loopback only, and prints requests/s and latency percentiles. Asserts nothing.
//
//   npm run seed:city && npm run build && node bench/locate-http.mjs
import { spawn } from 'node:child_process';
import autocannon from 'autocannon';

const PORT = Number(process.env.BENCH_PORT ?? 3099);
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 20);
const base = new URL(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/gridflow');
base.pathname = `${base.pathname.replace(/^\//, '') || 'gridflow'}_city`;
const databaseUrl = process.env.SEED_CITY_DATABASE_URL ?? base.toString();
const url = `http://127.0.0.1:${PORT}`;

const api = spawn(process.execPath, ['dist/apps/api/src/main.js'], {
  env: { ...process.env, DATABASE_URL: databaseUrl, PORT: String(PORT), LOG_LEVEL: 'warn', NODE_ENV: 'development' },
  stdio: ['ignore', 'ignore', 'inherit'],
});
const stop = () => api.kill('SIGTERM');
process.on('exit', stop);

async function waitForHealth() {
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not become healthy in 20 s');
}

await waitForHealth();
const login = await fetch(`${url}/api/v1/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'admin', password: 'gridflow-demo' }),
}).then((r) => r.json());
if (!login.accessToken) throw new Error(`login failed (did you run npm run seed:city?): ${JSON.stringify(login)}`);

// Random points over the seeded city's extent (origin 112.9, 39.8; 74 × 73 cells of 0.004°).
let seed = 42;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
const result = await autocannon({
  url,
  connections: CONNECTIONS,
  duration: DURATION,
  headers: { authorization: `Bearer ${login.accessToken}` },
  requests: [
    {
      method: 'GET',
      setupRequest: (req) => ({
        ...req,
        path: `/api/v1/grids/locate?lng=${(112.9 + random() * 0.296).toFixed(6)}&lat=${(39.8 + random() * 0.292).toFixed(6)}`,
      }),
    },
  ],
});
stop();

const statuses = Object.entries(result.statusCodeStats ?? {})
  .map(([code, s]) => `${code}: ${s.count}`)
  .join(', ');
console.log(`GET /api/v1/grids/locate — ${DURATION} s, ${CONNECTIONS} connections, 5,379 grids`);
console.log(`requests/s      avg ${Math.round(result.requests.average)}, total ${result.requests.total}`);
console.log(
  `latency         p50 ${result.latency.p50} ms, p97.5 ${result.latency.p97_5} ms, p99 ${result.latency.p99} ms`,
);
console.log(`status codes    ${statuses}   (404 = a point in the partial last row, outside every grid)`);
console.log(`errors          ${result.errors}, timeouts ${result.timeouts}`);
process.exit(0);
