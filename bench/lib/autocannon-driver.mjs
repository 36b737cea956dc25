// The load generator of the HTTP benchmarks, run as a process of its own (bench/lib/driver.mjs
// forks it) so that it does not share the benchmark's process with anything else, and reports its
// own CPU use. It receives one message — autocannon's options plus a `scenario` — runs autocannon,
// answers with the figures and exits.
//
//   scenario 'fixed'      the same request each time (method, path, body, headers)
//   scenario 'paths'      GET each of `paths` in turn (e.g. random locate points)
//   scenario 'lifecycle'  per connection: file a ticket, then accept … archive, each by its role
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';

const json = (token) => ({
  'content-type': 'application/json',
  ...(token ? { authorization: `Bearer ${token}` } : {}),
});

/** Six-step lifecycles: [file, accept, dispatch, claim, resolve, verify, archive] per connection. */
function lifecycle({ tokens, partyId, gridCode }, stats) {
  const step = (token, action, body) => ({
    method: 'POST',
    headers: json(token),
    body: JSON.stringify(body),
    setupRequest: (req, context) => {
      context.t0 = performance.now();
      return { ...req, path: `/api/v1/tickets/${context.id}/${action}` };
    },
    onResponse: (status, _body, context) => {
      if (status >= 200 && status < 300) {
        stats.transitions++;
        stats.latencies.push(performance.now() - context.t0);
      } else stats.failed++;
    },
  });
  return [
    {
      method: 'POST',
      path: '/api/v1/tickets',
      headers: json(tokens.grid1),
      body: JSON.stringify({ itemCode: 'B01', gridCode, description: 'bench lifecycle' }),
      onResponse: (status, body, context) => {
        if (status === 201) {
          context.id = JSON.parse(body).id;
          stats.filed++;
        } else stats.failed++;
      },
    },
    step(tokens.grid1, 'accept', {}),
    step(tokens.dispatcher, 'dispatch', { assigneeId: partyId }),
    step(tokens.party1, 'claim', {}),
    step(tokens.party1, 'resolve', { result: 'done' }),
    step(tokens.supervisor, 'verify', { outcome: 'pass', satisfaction: 'satisfied' }),
    step(tokens.supervisor, 'archive', {}),
  ];
}

process.once('message', async ({ scenario, ...options }) => {
  const stats = { transitions: 0, filed: 0, failed: 0, latencies: [] };
  let requests;
  if (scenario === 'lifecycle') requests = lifecycle(options.lifecycle, stats);
  else if (scenario === 'paths') {
    let i = 0;
    requests = [
      {
        method: 'GET',
        setupRequest: (req) => ({ ...req, path: options.paths[i++ % options.paths.length] }),
      },
    ];
  }
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const given = { method: options.method, headers: options.headers, body: options.body, requests };
  const result = await autocannon({
    url: `${options.url}${options.path ?? ''}`,
    connections: options.connections,
    duration: options.duration,
    // autocannon takes an option that is there but undefined for a value
    ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)),
  });
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - t0;
  stats.latencies.sort((a, b) => a - b);
  const pct = (p) => stats.latencies[Math.min(stats.latencies.length - 1, Math.floor(p * stats.latencies.length))];
  process.send(
    {
      wallMs,
      cpu,
      requests: { average: result.requests.average, total: result.requests.total },
      latency: { p50: result.latency.p50, p90: result.latency.p90, p99: result.latency.p99 },
      statusCodeStats: result.statusCodeStats,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      lifecycle:
        scenario === 'lifecycle'
          ? {
              transitions: stats.transitions,
              filed: stats.filed,
              failed: stats.failed,
              p50: pct(0.5),
              p99: pct(0.99),
            }
          : undefined,
    },
    () => process.exit(0),
  );
});
