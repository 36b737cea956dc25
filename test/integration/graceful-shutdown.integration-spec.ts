import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestCity,
  type TestUser,
  until,
  filePublicTicket,
} from '../support/index.js';

/**
 * SIGTERM, as main.ts receives it: enableShutdownHooks turns it into app.close(), which stops
 * taking connections, lets the requests in flight finish (the database closes only after the
 * HTTP server), and only then ends. The worker, closed with work pending, leaves it in
 * PostgreSQL and Redis for the next one.
 */
// Its own database: a worker takes every outbox row of the database it runs on.
const config = await isolatedTestConfig('shutdown');

describe('start-up and shutdown', () => {
  let db: pg.Client;
  let city: TestCity;
  let gridWorker: TestUser;

  beforeAll(async () => {
    db = new pg.Client({ connectionString: config.databaseUrl });
    await db.connect();
  });
  afterAll(() => db.end());

  it('drains the requests in flight on shutdown: every acknowledged filing exists, none half-written', async () => {
    const api = await createTestApi({ config });
    city = await createTestCity(api.app);
    gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    await api.app.listen(0, '127.0.0.1');
    const { port } = api.app.getHttpServer().address() as AddressInfo;
    const stamp = Date.now();
    const marker = `停机测试 ${stamp}`;

    const file = (i: number) =>
      fetch(`http://127.0.0.1:${port}/api/v1/tickets`, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          Authorization: `Bearer ${gridWorker.token}`,
          'Idempotency-Key': `shutdown-${stamp}-${i}`,
        },
        body: JSON.stringify({ itemCode: 'E01', description: `${marker} #${i}`, gridCode: city.grids[0] }),
      }).then(
        async (res) => ({ status: res.status, body: (await res.json()) as { number?: string } }),
        (error: Error) => ({ status: 0, body: {}, error }),
      );

    // Filings under way when the shutdown starts: the server has taken at least 25 of them.
    let received = 0;
    api.app.getHttpServer().on('request', () => received++);
    const inFlight = Array.from({ length: 40 }, (_, i) => file(i));
    await until('requests to reach the server', async () => received >= 25, 10_000);
    const takenBeforeClose = received;
    const closing = api.close();
    const answers = await Promise.all(inFlight);
    await closing;

    // …are answered or refused, never failed half-way.
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s >= 500)).toEqual([]);
    const acknowledged = answers.filter((a) => a.status === 201).map((a) => (a.body as { number: string }).number);
    // Every request the server had taken when the shutdown began was answered.
    expect(acknowledged.length).toBeGreaterThanOrEqual(takenBeforeClose);
    expect(statuses.every((s) => s === 201 || s === 0)).toBe(true);

    const { rows } = await db.query(
      `SELECT t.number,
              (SELECT count(*)::int FROM ticket_event e WHERE e.ticket_id = t.id AND e.type = 'filed') AS filed,
              (SELECT count(*)::int FROM outbox o WHERE o.payload->>'ticketId' = t.id::text) AS outbox
         FROM ticket t WHERE t.description LIKE $1`,
      [`${marker}%`],
    );
    const stored = new Set(rows.map((r) => r.number as string));
    for (const number of acknowledged) expect(stored.has(number)).toBe(true);
    // Whatever was stored is whole: its timeline event and its outbox row came with it.
    for (const row of rows) expect({ filed: row.filed, outbox: row.outbox > 0 }).toEqual({ filed: 1, outbox: true });
  });

  it('a worker stopped with work pending leaves it for the next worker, which finishes it', async () => {
    const api = await createTestApi({ config });
    const worker: INestApplication = await createTestWorker({ config });
    const marker = `重启测试 ${Date.now()}`;
    const filed: string[] = [];
    for (let i = 0; i < 20; i++) {
      // Residents' own requests: the grid worker is told of each (not of their own filings).
      filed.push((await filePublicTicket(api, city.grids[0], { description: `${marker} #${i}` })).id);
    }
    // Stop the worker at once, mid-way through the outbox and the jobs it fans out.
    await worker.close();

    const notified = async () =>
      Number(
        (
          await db.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND ticket_id = ANY($2)`, [
            gridWorker.id,
            filed,
          ])
        ).rows[0].n,
      );
    const before = await notified();

    const next = await createTestWorker({ config });
    try {
      // Every filing's 网格新工单 notification arrives exactly once, and the outbox drains.
      await until(
        'the next worker to finish the pending work',
        async () => (await notified()) === filed.length,
        30_000,
      );
      const pending = await db.query(`SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL`);
      expect(pending.rows[0].n).toBe(0);
      expect(before).toBeLessThanOrEqual(filed.length);
    } finally {
      await next.close();
      await api.close();
    }
  });
});
