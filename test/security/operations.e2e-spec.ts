// Issue 16 item 7: /metrics closed in production unless METRICS_TOKEN or METRICS_PORT, /health
// open, /health/queue rate-limited, the SSE stream on single-use tickets instead of a JWT in
// the URL, credentials in URLs redacted from logs.
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { Redis } from 'ioredis';
import { REDIS } from '@gridflow/queue';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  testConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';
import { streamTicketKey } from '../../apps/api/src/notifications/stream-tickets.service.js';

/** Production as docker-compose runs it: the owner for migrations, DATABASE_URL the run-time role. */
const PRODUCTION = {
  NODE_ENV: 'production',
  DATABASE_OWNER_URL: testConfig().databaseOwnerUrl,
  DATABASE_URL: testConfig().databaseUrl,
  JWT_SECRET: randomBytes(32).toString('hex'),
  PII_KEY: randomBytes(32).toString('hex'),
  SEAL_KEY: randomBytes(32).toString('hex'),
};
const METRICS_TOKEN = randomBytes(24).toString('hex');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

function get(port: number, path: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; text: string; headers: http.IncomingHttpHeaders }>((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, headers }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode!, text, headers: res.headers }));
      })
      .on('error', reject);
  });
}

describe('/metrics and /health (issue 16 item 7)', () => {
  const apis: TestApi[] = [];
  afterAll(() => Promise.all(apis.map((a) => a.close())));
  const boot = async (env: NodeJS.ProcessEnv) => {
    const api = await createTestApi({ config: testConfig(env) });
    apis.push(api);
    return api;
  };

  it('production without METRICS_TOKEN or METRICS_PORT: /metrics is 404, /health stays open', async () => {
    const api = await boot({ ...PRODUCTION });
    expectApiError(await api.http().get('/metrics'), 404, 'NOT_FOUND');
    // a made-up token does not open it either
    expectApiError(await api.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`), 404, 'NOT_FOUND');
    expect((await api.http().get('/health')).status).toBe(200);
  });

  it('production with METRICS_TOKEN: no, wrong or malformed bearer → 401; the right one → the metrics', async () => {
    const api = await boot({ ...PRODUCTION, METRICS_TOKEN });
    expectApiError(await api.http().get('/metrics'), 401, 'UNAUTHENTICATED');
    for (const header of [
      `Bearer ${METRICS_TOKEN.slice(0, -1)}x`,
      `Bearer ${METRICS_TOKEN}x`,
      `Basic ${METRICS_TOKEN}`,
      METRICS_TOKEN,
    ]) {
      expectApiError(await api.http().get('/metrics').set('Authorization', header), 401, 'UNAUTHENTICATED');
    }
    // a staff member's JWT is not the metrics token
    const city = await createTestCity(api.app);
    const admin = await createTestUser(api.app, 'admin', city.city);
    expectApiError(await admin.auth(api.http().get('/metrics')), 401, 'UNAUTHENTICATED');
    const ok = await api.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`);
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('http_request_duration_seconds');
  });

  it('METRICS_PORT: the main port answers 404, the internal port serves (and asks for the token when set)', async () => {
    const metricsPort = await freePort();
    const api = await boot({ ...PRODUCTION, METRICS_PORT: String(metricsPort), METRICS_TOKEN });
    expectApiError(await api.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`), 404, 'NOT_FOUND');
    const refused = await get(metricsPort, '/metrics');
    expect(refused.status).toBe(401);
    expect(JSON.parse(refused.text)).toEqual(expect.objectContaining({ code: 'UNAUTHENTICATED' }));
    const served = await get(metricsPort, '/metrics', { Authorization: `Bearer ${METRICS_TOKEN}` });
    expect(served.status).toBe(200);
    expect(served.text).toContain('gridflow_queue_jobs');
    // nothing else is served there
    expect((await get(metricsPort, '/health')).status).toBe(404);
    expect((await get(metricsPort, '/api/v1/auth/me')).status).toBe(404);
  });

  it('outside production /metrics stays open, unless METRICS_TOKEN is set', async () => {
    const open = await boot({ NODE_ENV: 'development' });
    expect((await open.http().get('/metrics')).status).toBe(200);
    const guarded = await boot({ NODE_ENV: 'development', METRICS_TOKEN });
    expectApiError(await guarded.http().get('/metrics'), 401, 'UNAUTHENTICATED');
    expect((await guarded.http().get('/metrics').set('Authorization', `Bearer ${METRICS_TOKEN}`)).status).toBe(200);
  });

  it('/health/queue is rate-limited per address: 429 in the API.md shape with Retry-After', async () => {
    const api = await boot({ RATE_LIMIT_PER_MINUTE: '2' });
    const statuses: number[] = [];
    let limited: { status: number; body: Record<string, unknown>; headers: Record<string, string> } | null = null;
    // no worker runs here, so each allowed probe answers 503 quickly; the third in the window is refused
    for (let i = 0; i < 4 && !limited; i++) {
      const res = await api.http().get('/health/queue?timeoutMs=100');
      statuses.push(res.status);
      if (res.status === 429) limited = res;
    }
    expect(limited).not.toBeNull();
    expectApiError(limited!, 429, 'RATE_LIMITED');
    expect(Number(limited!.headers['retry-after'])).toBeGreaterThan(0);
    expect(statuses.filter((s) => s !== 429).length).toBeLessThanOrEqual(2);
    // /health itself is not limited
    for (let i = 0; i < 4; i++) expect((await api.http().get('/health')).status).toBe(200);
  });
});

describe('notification stream tickets (issue 16 item 7)', () => {
  let api: TestApi;
  let city: TestCity;
  let user: TestUser;
  let port: number;
  const open: http.ClientRequest[] = [];

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    user = await createTestUser(api.app, 'party_member', city.communities[0]!);
    await api.app.listen(0, '127.0.0.1');
    port = (api.app.getHttpServer().address() as AddressInfo).port;
  });
  afterAll(async () => {
    open.forEach((r) => r.destroy());
    await api.close();
  });

  /** Opens the stream; resolves with the status once the headers are in (and the body text so far). */
  function stream(path: string) {
    return new Promise<{ status: number; text: () => string }>((resolve, reject) => {
      const req = http.get({ host: '127.0.0.1', port, path }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        resolve({ status: res.statusCode!, text: () => text });
      });
      req.on('error', reject);
      open.push(req);
    });
  }
  const ticketFor = async (who: TestUser) => {
    const res = await who.auth(api.http().post('/api/v1/notifications/stream-ticket'));
    expect(res.status).toBe(201);
    return res.body as { ticket: string; expiresAt: string };
  };

  it('issues a ticket only to a logged-in user, valid about a minute', async () => {
    expectApiError(await api.http().post('/api/v1/notifications/stream-ticket'), 401, 'UNAUTHENTICATED');
    const { ticket, expiresAt } = await ticketFor(user);
    expect(ticket).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const left = Date.parse(expiresAt) - Date.now();
    expect(left).toBeGreaterThan(30_000);
    expect(left).toBeLessThanOrEqual(60_000);
    // stored by its hash only, with a Redis expiry
    const redis = api.app.get<Redis>(REDIS);
    const ttl = await redis.ttl(streamTicketKey(api.config.queuePrefix, ticket));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60);
    expect(await redis.get(`${api.config.queuePrefix}:sse-ticket:${ticket}`)).toBeNull();
  });

  it('opens the stream once: the same ticket again → 401', async () => {
    const { ticket } = await ticketFor(user);
    const first = await stream(`/api/v1/notifications/stream?ticket=${ticket}`);
    expect(first.status).toBe(200);
    const replay = await stream(`/api/v1/notifications/stream?ticket=${ticket}`);
    expect(replay.status).toBe(401);
  });

  it('refuses an expired ticket with 401', async () => {
    const { ticket } = await ticketFor(user);
    const redis = api.app.get<Redis>(REDIS);
    const key = streamTicketKey(api.config.queuePrefix, ticket);
    await redis.pexpire(key, 1);
    for (let i = 0; (await redis.exists(key)) && i < 500; i++) await new Promise((r) => setTimeout(r, 10));
    const late = await stream(`/api/v1/notifications/stream?ticket=${ticket}`);
    expect(late.status).toBe(401);
  });

  it("refuses the user's JWT in the URL, as access_token or as ticket", async () => {
    for (const path of [
      `/api/v1/notifications/stream?access_token=${user.token}`,
      `/api/v1/notifications/stream?ticket=${user.token}`,
      `/api/v1/notifications/stream?ticket=${(await ticketFor(user)).ticket}&access_token=${user.token}`,
    ]) {
      expect((await stream(path)).status).toBe(401);
    }
  });

  it('refuses crafted tickets (empty, oversized, another user’s key shape) with 401, never 500', async () => {
    for (const t of ['', 'x'.repeat(10_000), '%00', 'A'.repeat(43), '../../etc']) {
      expect((await stream(`/api/v1/notifications/stream?ticket=${encodeURIComponent(t)}`)).status).toBe(401);
    }
  });
});
