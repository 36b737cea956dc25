import { type ChildProcess, spawn } from 'node:child_process';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { createServer } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  builtApiMain,
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  until,
} from '../support/index.js';

/**
 * API_WORKERS=2 (docs/deployment.md): the built API as `npm start` runs it, a primary and two
 * worker processes sharing one port. Each answer names its process (X-Api-Process). What one
 * process learns, the other knows: a new grid is located by both, a rate limit counts requests
 * to both, a notification reaches a stream held by one process whatever process the filing went
 * through. A worker that dies is replaced; SIGTERM to the whole process group drains both.
 * Every request opens a connection of its own (agent: false), so the primary deals them out.
 */
const config = await isolatedTestConfig('apiworkers');
const RATE_LIMIT = 6;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

interface Answer {
  status: number;
  pid: string;
  body: Record<string, unknown>;
  at: number;
}

describe('API_WORKERS=2: one port, two processes', () => {
  let port: number;
  let primary: ChildProcess;
  let exited: Promise<number | null>;
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let admin: TestUser;
  let gridWorker: TestUser;
  let db: pg.Client;

  /** One request on a connection of its own. */
  const call = (method: string, path: string, options: { token?: string; body?: unknown; timeoutMs?: number } = {}) =>
    new Promise<Answer>((resolve) => {
      const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          method,
          path,
          agent: false,
          headers: {
            ...(payload ? { 'content-type': 'application/json' } : {}),
            ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              pid: String(res.headers['x-api-process'] ?? ''),
              body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
              at: Date.now(),
            }),
          );
        },
      );
      // Refused, cut or unanswered: no answer (status 0).
      req.setTimeout(options.timeoutMs ?? 30_000, () => req.destroy(new Error('no answer')));
      req.on('error', () => resolve({ status: 0, pid: '', body: {}, at: Date.now() }));
      req.end(payload);
    });

  /** Until requests have been answered by both processes: their pids. */
  const bothPids = async () => {
    const seen = new Set<string>();
    await until('answers from two processes', async () => {
      const res = await call('GET', '/health');
      if (res.status === 200 && res.pid) seen.add(res.pid);
      return seen.size >= 2;
    });
    return [...seen];
  };

  beforeAll(async () => {
    const main = builtApiMain();
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    db = new pg.Client({ connectionString: config.databaseOwnerUrl });
    await db.connect();
    port = await freePort();
    primary = spawn(process.execPath, [main], {
      env: {
        ...process.env,
        DATABASE_URL: config.databaseOwnerUrl,
        QUEUE_PREFIX: config.queuePrefix,
        PORT: String(port),
        API_WORKERS: '2',
        RATE_LIMIT_PER_MINUTE: String(RATE_LIMIT),
        LOG_LEVEL: 'warn',
      },
      // Its own process group, so that the test can signal the group as systemd or Ctrl-C does.
      detached: true,
      stdio: ['ignore', process.env.API_WORKERS_TEST_LOG ? 'inherit' : 'ignore', 'inherit'],
    });
    exited = new Promise((resolve) => primary.once('exit', (code) => resolve(code)));
  });

  afterAll(async () => {
    if (primary?.exitCode === null && primary.signalCode === null) process.kill(-primary.pid!, 'SIGKILL');
    await db?.end();
    await worker?.close();
    await api?.close();
  });

  it('answers on one port from two processes, neither of them the primary', async () => {
    const pids = await bothPids();
    expect(pids).toHaveLength(2);
    expect(pids).not.toContain(String(primary.pid));
  });

  it('a grid created through one process is located by both', async () => {
    const n = Number(city.city);
    const [x, y] = [100 + (n % 100) * 0.1 + 0.05, 20 + Math.floor(n / 100) * 0.1 + 0.05];
    const boundary = {
      type: 'Polygon',
      coordinates: [
        [
          [x, y],
          [x + 0.002, y],
          [x + 0.002, y + 0.002],
          [x, y + 0.002],
          [x, y],
        ],
      ],
    };
    const where = `/api/v1/grids/locate?lng=${x + 0.001}&lat=${y + 0.001}`;
    // Nowhere yet, in either process.
    const before = new Map<string, number>();
    await until('both processes to answer the empty point', async () => {
      const res = await call('GET', where, { token: admin.token });
      before.set(res.pid, res.status);
      return before.size >= 2;
    });
    expect([...before.values()]).toEqual([404, 404]);

    const code = `${city.communities[0]}101`;
    const created = await call('POST', '/api/v1/grids', {
      token: admin.token,
      body: { code, name: '集群测试网格', type: 'community', households: 400, population: 1200, boundary },
    });
    expect(created.status).toBe(201);
    // The process that did not make the change learns it through Redis.
    const found = new Map<string, unknown>();
    await until('both processes to locate the new grid', async () => {
      const res = await call('GET', where, { token: admin.token });
      if (res.status === 200) found.set(res.pid, res.body.code);
      return found.size >= 2;
    });
    expect([...found.values()]).toEqual([code, code]);
    expect([...found.keys()]).toContain(created.pid);
  });

  it('counts a rate limit over both processes', async () => {
    // A fixed one-minute window: start early in one, so that it does not roll over mid-test.
    await until('the start of a rate-limit window', async () => Date.now() % 60_000 < 40_000, 30_000);
    const answers: Answer[] = [];
    for (let i = 0; i < RATE_LIMIT + 4; i++) answers.push(await call('GET', '/api/v1/public/catalog'));
    const allowed = answers.filter((a) => a.status === 200);
    // Exactly the limit passes, whichever process each request met, and both met some.
    expect(allowed).toHaveLength(RATE_LIMIT);
    expect(answers.slice(RATE_LIMIT).map((a) => a.status)).toEqual([429, 429, 429, 429]);
    expect(new Set(allowed.map((a) => a.pid)).size).toBe(2);
    expect(new Set(answers.slice(RATE_LIMIT).map((a) => a.pid)).size).toBe(2);
  });

  it('streams a notification to a client of one process, for a filing through the other', async () => {
    // The grid worker's stream, on whichever process takes it.
    let text = '';
    const stream = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = httpRequest(
        {
          host: '127.0.0.1',
          port,
          path: '/api/v1/notifications/stream',
          agent: false,
          headers: { authorization: `Bearer ${gridWorker.token}`, accept: 'text/event-stream' },
        },
        resolve,
      );
      req.on('error', reject);
      req.end();
    });
    try {
      expect(stream.statusCode).toBe(200);
      const streamPid = String(stream.headers['x-api-process']);
      stream.setEncoding('utf8');
      stream.on('data', (chunk: string) => (text += chunk));
      await until('the stream to be open', async () => text.includes(': connected'));

      // A resident's request, until one lands on the other process (each filing is its own).
      let filed: Answer | undefined;
      for (let i = 0; i < 4 && !filed; i++) {
        const res = await call('POST', '/api/v1/public/tickets', {
          body: { itemCode: 'E01', description: `集群推送 #${i}`, gridCode: city.grids[0] },
        });
        expect(res.status).toBe(201);
        if (res.pid !== streamPid) filed = res;
      }
      expect(filed).toBeDefined();
      // The worker makes the grid worker's 网格新工单 and publishes it through Redis.
      await until('the notification on the other process stream', async () => text.includes(String(filed!.body.id)));
      const event = text
        .split('\n')
        .filter((line) => line.startsWith('data: '))
        .map((line) => JSON.parse(line.slice(6)) as { ticketId: string })
        .find((n) => n.ticketId === filed!.body.id);
      expect(event).toBeDefined();
    } finally {
      stream.destroy();
    }
  });

  it('replaces a worker that dies', async () => {
    const [victim, survivor] = await bothPids();
    process.kill(Number(victim), 'SIGKILL');
    const now = new Set<string>();
    await until('a replacement to answer', async () => {
      // A connection the primary handed to the victim as it died is never answered (node:cluster).
      const res = await call('GET', '/health', { timeoutMs: 3_000 });
      if (res.status === 200) now.add(res.pid);
      return [...now].some((pid) => pid !== victim && pid !== survivor) && now.has(survivor);
    });
    expect(now.has(victim)).toBe(false);
  });

  it('drains both processes on SIGTERM to the group: every filing answered is whole, none failed', async () => {
    const pids = await bothPids();
    const marker = `集群停机 ${Date.now()}`;
    const inFlight = Array.from({ length: 40 }, (_, i) =>
      call('POST', '/api/v1/tickets', {
        token: gridWorker.token,
        body: { itemCode: 'E01', description: `${marker} #${i}`, gridCode: city.grids[0] },
      }),
    );
    // Once the processes are busy with them, the signal, as systemd sends it: to every process.
    await Promise.race(inFlight);
    const signalledAt = Date.now();
    process.kill(-primary.pid!, 'SIGTERM');
    const answers = await Promise.all(inFlight);
    expect(await exited).toBe(0);

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s !== 201 && s !== 0)).toEqual([]);
    // Requests in flight when the signal came were answered by both processes.
    const drained = answers.filter((a) => a.status === 201 && a.at >= signalledAt);
    expect(drained.length).toBeGreaterThan(0);
    const acknowledged = answers.filter((a) => a.status === 201);
    expect(new Set(acknowledged.map((a) => a.pid))).toEqual(new Set(pids));
    const { rows } = await db.query(
      `SELECT t.id, (SELECT count(*)::int FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'filed') AS filed
         FROM ticket t WHERE t.description LIKE $1`,
      [`${marker}%`],
    );
    const stored = new Set(rows.map((r) => r.id as string));
    for (const a of acknowledged) expect(stored.has(String(a.body.id))).toBe(true);
    for (const row of rows) expect(row.filed).toBe(1);
    // Nothing listens any more.
    expect((await call('GET', '/health')).status).toBe(0);
    for (const pid of pids) expect(() => process.kill(Number(pid), 0)).toThrow();
  });
});
