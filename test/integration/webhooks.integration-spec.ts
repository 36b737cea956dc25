import { randomUUID } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { INestApplication } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { AppConfigModule } from '@gridflow/config';
import { DatabaseModule } from '@gridflow/database';
import type { TicketEventType } from '@gridflow/domain';
import { QueueModule, type TicketEventPayload } from '@gridflow/queue';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
} from '../support/index.js';
import {
  verifyWebhookSignature,
  WEBHOOK_RETRY,
  type WebhookRetry,
  WebhooksModule,
  WebhooksService,
} from '@gridflow/webhooks';

/**
 * Webhooks against the real PostgreSQL, Redis and worker: a ticket event becomes one signed
 * delivery per matching webhook, retried with backoff until a local receiver takes it.
 */

// 5 tries at 0, 0.25, 0.75, 1.75 and 3.75 s: retries are visible, the last one comes quickly.
const TEST_RETRY: WebhookRetry = { attempts: 5, backoffMs: 250 };

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  valid: boolean;
}

interface Receiver {
  url: string;
  /** the webhook's secret, which requests are verified with (set once the webhook exists) */
  secret: string;
  received: Received[];
  close: () => Promise<void>;
}

/**
 * An HTTP receiver on 127.0.0.1 that checks each request's signature with the webhook's
 * secret and answers what `answer` says for the n-th request (1-based).
 */
async function startReceiver(answer: (n: number) => number = () => 200, port = 0, secret = ''): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, body, valid: verifyWebhookSignature(receiver.secret, req.headers, body) });
      res.statusCode = answer(received.length);
      res.end(res.statusCode < 300 ? 'ok' : 'not now');
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: actual } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${actual}/gridflow/hook`,
    secret,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
  return receiver;
}

/** A port on which nobody listens (yet). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

async function waitFor<T>(what: string, read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface DeliveryRow {
  id: string;
  status: string;
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  event_key: string;
}

// Its own database: a worker takes every outbox row of the database it runs on.
const config = await isolatedTestConfig('webhooks');

describe('webhooks: fan-out, signed delivery and retries through the worker', () => {
  let api: TestApi;
  let worker: INestApplication;
  let services: TestingModule;
  let webhooks: WebhooksService;
  let db: DataSource;
  let city: TestCity;
  let admin: TestUser;
  let ticketId: string;
  const receivers: Receiver[] = [];
  let seq = 1000;

  const ticketApi = ticketClient(() => api);

  beforeAll(async () => {
    api = await createTestApi({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    const gridWorker: TestUser = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    admin = await createTestUser(api.app, 'admin', city.city);
    const filed = await ticketApi.file(gridWorker, {
      itemCode: 'B01',
      gridCode: city.grids[0],
      description: '楼道堆放杂物',
    });
    if (filed.status !== 201) throw new Error(`filing: ${filed.status} ${JSON.stringify(filed.body)}`);
    ticketId = filed.body.id;
    // The webhooks service as the worker's ticket-events processor uses it, with short retries.
    services = await Test.createTestingModule({
      imports: [AppConfigModule.forRoot(config), DatabaseModule, QueueModule, WebhooksModule],
    })
      .overrideProvider(WEBHOOK_RETRY)
      .useValue(TEST_RETRY)
      .compile();
    await services.init();
    webhooks = services.get(WebhooksService);
    worker = await createTestWorker({ config });
  });

  afterAll(async () => {
    await worker?.close();
    await services?.close();
    await api?.close();
    await Promise.all(receivers.map((r) => r.close()));
  });

  /** A fake but valid timeline event of the test ticket, with a seq of its own. */
  const eventOf = (type: TicketEventType, extra: Partial<TicketEventPayload> = {}): TicketEventPayload => ({
    outboxId: randomUUID(),
    ticketId,
    seq: ++seq,
    type,
    fromStatus: 'submitted',
    toStatus: 'submitted',
    level: 'grid',
    gridCode: city.grids[0],
    ...extra,
  });
  const subscribe = (url: string, eventTypes: string[], scopeCode = city.grids[0]) =>
    webhooks.create(admin, { url, eventTypes, scopeCode });
  const deliveriesOf = (hook: { id: string }): Promise<DeliveryRow[]> =>
    db.query(
      `SELECT id, status, attempts, last_status, last_error, delivered_at, event_key
       FROM webhook_delivery WHERE webhook_id = $1 ORDER BY created_at`,
      [hook.id],
    );
  const deliveryOf = async (hook: { id: string }) => {
    const rows = await deliveriesOf(hook);
    if (rows.length !== 1) throw new Error(`expected one delivery, got ${rows.length}`);
    return rows[0];
  };
  async function receiver(answer?: (n: number) => number, port?: number, secret?: string) {
    const r = await startReceiver(answer, port, secret);
    receivers.push(r);
    return r;
  }
  /** A webhook posting to this receiver, whose secret the receiver then verifies with. */
  async function subscribeReceiver(r: Receiver, eventTypes: string[], scopeCode?: string) {
    const hook = await subscribe(r.url, eventTypes, scopeCode);
    r.secret = hook.secret;
    return hook;
  }

  it('retries after a 500 and delivers on the second attempt, signed both times', async () => {
    const r = await receiver((n) => (n === 1 ? 500 : 200));
    const hook = await subscribeReceiver(r, ['commented']);
    const event = eventOf('commented', { fromStatus: 'accepted', toStatus: 'accepted' });
    await webhooks.onTicketEvent(event);

    const done = await waitFor(
      'the delivery',
      () => deliveryOf(hook),
      (d) => d.status === 'delivered',
    );
    expect(done).toEqual(
      expect.objectContaining({
        attempts: 2,
        last_status: 200,
        last_error: null,
        delivered_at: expect.any(Date),
        event_key: `${ticketId}:${event.seq}`,
      }),
    );
    expect(r.received).toHaveLength(2);
    for (const req of r.received) {
      expect(req.valid).toBe(true);
      expect(req.headers).toEqual(
        expect.objectContaining({
          'content-type': 'application/json',
          'user-agent': 'GridFlow-Webhooks/1',
          'x-gridflow-event': 'commented',
          'x-gridflow-delivery': done.id,
          'x-gridflow-timestamp': expect.stringMatching(/^\d{10}$/),
          'x-gridflow-signature': expect.stringMatching(/^sha256=[0-9a-f]{64}$/),
        }),
      );
      expect(Math.abs(Number(req.headers['x-gridflow-timestamp']) - Date.now() / 1000)).toBeLessThan(60);
    }
    // The same body both times, its keys in the documented order.
    expect(r.received[1].body).toBe(r.received[0].body);
    const body = JSON.parse(r.received[0].body);
    expect(Object.keys(body)).toEqual([
      'id',
      'event',
      'ticketId',
      'seq',
      'fromStatus',
      'toStatus',
      'level',
      'gridCode',
      'occurredAt',
    ]);
    expect(body).toEqual({
      id: done.id,
      event: 'commented',
      ticketId,
      seq: event.seq,
      fromStatus: 'accepted',
      toStatus: 'accepted',
      level: 'grid',
      gridCode: city.grids[0],
      occurredAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    // A signature made with another secret does not verify.
    expect(verifyWebhookSignature('0'.repeat(64), r.received[0].headers, r.received[0].body)).toBe(false);
  });

  it('loses nothing while the receiver is down: delivered once it comes up', async () => {
    const port = await closedPort();
    const hook = await subscribe(`http://127.0.0.1:${port}/gridflow/hook`, ['rated']);
    await webhooks.onTicketEvent(eventOf('rated', { fromStatus: 'verified', toStatus: 'verified' }));

    const refused = await waitFor(
      'two refused attempts',
      () => deliveryOf(hook),
      (d) => d.attempts >= 2,
    );
    expect(refused).toEqual(
      expect.objectContaining({
        status: 'pending',
        last_status: null,
        last_error: expect.stringMatching(/ECONNREFUSED/),
      }),
    );
    const r = await receiver(undefined, port, hook.secret);

    const done = await waitFor(
      'the delivery',
      () => deliveryOf(hook),
      (d) => d.status === 'delivered',
    );
    expect(done.attempts).toBeGreaterThanOrEqual(3);
    expect(done.last_error).toBeNull();
    expect(r.received).toHaveLength(1);
    expect(r.received[0].valid).toBe(true);
  });

  it('creates one delivery for an event relayed twice (also after it was delivered)', async () => {
    const r = await receiver();
    const hook = await subscribeReceiver(r, ['warning', 'archived']);
    const event = eventOf('warning');
    await Promise.all([webhooks.onTicketEvent(event), webhooks.onTicketEvent({ ...event, outboxId: randomUUID() })]);
    await webhooks.onTicketEvent(event);
    await waitFor(
      'the delivery',
      () => deliveryOf(hook),
      (d) => d.status === 'delivered',
    );

    await webhooks.onTicketEvent(event);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await deliveriesOf(hook)).toHaveLength(1);
    expect(r.received).toHaveLength(1);
  });

  it('marks the delivery failed after the last attempt and records the job failure', async () => {
    const hook = await subscribe(`http://127.0.0.1:${await closedPort()}/gridflow/hook`, ['overdue']);
    await webhooks.onTicketEvent(eventOf('overdue'));

    const failed = await waitFor(
      'the last attempt',
      () => deliveryOf(hook),
      (d) => d.status === 'failed',
    );
    expect(failed.attempts).toBe(TEST_RETRY.attempts);
    expect(failed.last_error).toMatch(/ECONNREFUSED/);
    const recorded = await waitFor(
      'the job failure record',
      () => db.query('SELECT attempts_made FROM job_failure WHERE job_id = $1', [`webhook-${failed.id}`]),
      (rows: unknown[]) => rows.length === 1,
    );
    expect(recorded).toEqual([{ attempts_made: TEST_RETRY.attempts }]);
  });

  it('sends only to active webhooks whose scope covers the grid and which subscribe to the type', async () => {
    const r = await receiver();
    const otherGrid = await subscribe(r.url, ['*'], city.grids[1]);
    const otherType = await subscribe(r.url, ['resolved']);
    const inactive = await subscribe(r.url, ['declined'], city.communities[0]);
    await webhooks.update(admin, inactive.id, { active: false });
    const all = await receiver();
    const everything = await subscribeReceiver(all, ['*'], city.grids[0]);

    const event = eventOf('declined');
    await webhooks.onTicketEvent(event);
    for (const hook of [otherGrid, otherType, inactive]) expect(await deliveriesOf(hook)).toEqual([]);
    const matched = await waitFor(
      'the delivery to the "*" webhook',
      () => deliveriesOf(everything),
      (rows) => rows.some((d) => d.event_key === `${ticketId}:${event.seq}` && d.status === 'delivered'),
    );
    expect(matched.filter((d) => d.event_key === `${ticketId}:${event.seq}`)).toHaveLength(1);
    expect(all.received.map((req) => JSON.parse(req.body).event)).toContain('declined');

    // A delivery whose webhook was deactivated after the fan-out is skipped when its turn comes.
    const [{ id }] = await db.query(
      `INSERT INTO webhook_delivery (webhook_id, event_type, event_key, payload) VALUES ($1, 'declined', $2, '{}') RETURNING id`,
      [inactive.id, `${ticketId}:${++seq}`],
    );
    expect(await webhooks.deliver(id, { lastAttempt: true })).toBe('skipped');
    expect(await deliveryOf(inactive)).toEqual(expect.objectContaining({ status: 'pending', attempts: 0 }));
    expect(r.received).toHaveLength(0);
  });

  it('a real filed ticket reaches a subscribed receiver through the outbox and the worker', async () => {
    const r = await receiver();
    const hook = await subscribeReceiver(r, ['filed'], city.grids[2]);
    const gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[2]);
    const filed = await ticketApi.file(gridWorker, {
      itemCode: 'B01',
      gridCode: city.grids[2],
      description: '路灯不亮',
    });
    expect(filed.status).toBe(201);

    const done = await waitFor(
      'the delivery',
      () => deliveriesOf(hook),
      (d) => d[0]?.status === 'delivered',
    );
    expect(done).toHaveLength(1);
    expect(r.received).toHaveLength(1);
    expect(r.received[0].valid).toBe(true);
    const [{ at }] = await db.query(`SELECT at FROM ticket_event WHERE ticket_id = $1 AND seq = 1`, [filed.body.id]);
    expect(JSON.parse(r.received[0].body)).toEqual(
      expect.objectContaining({
        event: 'filed',
        ticketId: filed.body.id,
        seq: 1,
        toStatus: 'submitted',
        gridCode: city.grids[2],
        occurredAt: new Date(at).toISOString(),
      }),
    );
  });
});
