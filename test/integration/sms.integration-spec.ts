import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jest } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { AppConfig } from '@gridflow/config';
import { HttpSmsProvider, SmsSendError, SmsService } from '@gridflow/notifications';
import { jobIds, QueueName, QueueProducer, type TicketEventPayload } from '@gridflow/queue';
import { verifyWebhookSignature } from '@gridflow/webhooks';
import {
  createRoster,
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  expectApiError,
  filePublicTicket,
  isolatedTestConfig,
  type Roster,
  type TestApi,
  type TestCity,
  ticketClient,
  until,
} from '../support/index.js';

/**
 * Residents' SMS through the real API, PostgreSQL, Redis and worker: the tracking code on
 * filing and the result on 督查兑单, once per ticket and kind, only with a reporter phone; the
 * log driver, and the http driver against a local gateway that checks the signature.
 */

interface SmsRow {
  id: string;
  kind: string;
  phone_mask: string;
  phone_enc: string;
  text: string;
  driver: string;
  status: string;
  attempts: number;
  last_error: string | null;
}

/** Everything one test stack needs: an API, a worker, a city and its staff, on a database of its own. */
async function startStack(config: AppConfig) {
  const api = await createTestApi({ config });
  const city = await createTestCity(api.app);
  const roster = await createRoster(api.app, city);
  const worker = await createTestWorker({ config });
  return { api, city, roster, worker, db: api.app.get(DataSource) };
}

const smsOf = (db: DataSource, ticketId: string): Promise<SmsRow[]> =>
  db.query(`SELECT * FROM sms_message WHERE ticket_id = $1 ORDER BY created_at`, [ticketId]);

/** Waits for the ticket's `kind` SMS to reach `status`. */
const smsReaching = (db: DataSource, ticketId: string, kind: string, status: string) =>
  until(`the ${kind} SMS of ${ticketId} to be ${status}`, async () =>
    (await smsOf(db, ticketId)).find((s) => s.kind === kind && s.status === status),
  );

describe('SMS with the log driver (the default)', () => {
  let api: TestApi;
  let worker: INestApplication;
  let db: DataSource;
  let city: TestCity;
  let staff: Roster;
  const logged: string[] = [];
  const PHONE = '13812345678';

  beforeAll(async () => {
    // Every line any Nest logger writes in this process (API and worker): the phone must not be in one.
    for (const level of ['log', 'warn', 'error', 'debug', 'verbose'] as const) {
      const original = Logger.prototype[level];
      jest.spyOn(Logger.prototype, level).mockImplementation(function (this: Logger, ...args: unknown[]) {
        logged.push(args.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))).join(' '));
        return (original as (...a: unknown[]) => void).apply(this, args);
      });
    }
    ({ api, worker, db, city, roster: staff } = await startStack(await isolatedTestConfig('sms_log')));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await worker?.close();
    await api?.close();
  });

  const tickets = ticketClient(() => api);

  it('texts the tracking code and link on filing: one row, phone masked and encrypted, sent', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { name: '王女士', phone: PHONE } });
    const sms = await smsReaching(db, t.id, 'filed', 'sent');
    expect(sms).toEqual(
      expect.objectContaining({ phone_mask: '138****5678', driver: 'log', attempts: 1, last_error: null }),
    );
    expect(sms.text).toContain(t.trackingCode);
    expect(sms.text).toContain(`${api.config.publicBaseUrl}/t/${t.trackingCode}`);
    expect(sms.phone_enc).toMatch(/^v2\./);
    expect(logged.some((line) => line.includes('138****5678') && line.includes(t.trackingCode))).toBe(true);
  });

  it('texts the result on verification (督查兑单)', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { phone: '13900001111' } });
    await tickets.driveTo({ id: t.id, status: 'submitted' }, 'verified', {
      desk: staff.dispatcher,
      assignee: staff.party,
      supervisor: staff.supervisor,
    });
    const sms = await smsReaching(db, t.id, 'verified', 'sent');
    expect(sms.text).toContain('已办结');
    expect(sms.text).toContain(t.trackingCode);
    expect((await smsOf(db, t.id)).map((s) => s.kind).sort()).toEqual(['filed', 'verified']);
  });

  it('sends nothing for a ticket without a phone, or with a landline', async () => {
    for (const reporter of [{ name: '匿名' }, { name: '张先生', phone: '010-65123456' }]) {
      const t = await filePublicTicket(api, city.grids[0], { reporter });
      await until('the filing event to be processed', async () => {
        const [row] = await db.query(
          `SELECT processed_at FROM outbox WHERE payload->>'ticketId' = $1 AND payload->>'type' = 'filed'`,
          [t.id],
        );
        return row?.processed_at;
      });
      expect(await smsOf(db, t.id)).toEqual([]);
    }
  });

  it('texts no caller of the 12345 hotline (the hotline owns its call-back)', async () => {
    const t = await filePublicTicket(api, city.grids[1], { reporter: { phone: '13700003333' } });
    await smsReaching(db, t.id, 'filed', 'sent');
    const [row] = await db.query(
      `SELECT id, payload FROM outbox WHERE payload->>'ticketId' = $1 AND payload->>'type' = 'filed'`,
      [t.id],
    );
    // the same ticket as if the hotline import had filed it
    await db.query(`DELETE FROM sms_message WHERE ticket_id = $1`, [t.id]);
    await db.query(`UPDATE ticket SET channel = 'hotline' WHERE id = $1`, [t.id]);
    await api.app.get(SmsService).onTicketEvent({ ...row.payload, outboxId: String(row.id) });
    expect(await smsOf(db, t.id)).toEqual([]);
  });

  it('a re-delivered filing event sends once', async () => {
    const t = await filePublicTicket(api, city.grids[1], { reporter: { phone: '13700002222' } });
    await smsReaching(db, t.id, 'filed', 'sent');
    const [row] = await db.query(
      `SELECT id, payload FROM outbox WHERE payload->>'ticketId' = $1 AND payload->>'type' = 'filed'`,
      [t.id],
    );
    const event: TicketEventPayload = { ...row.payload, outboxId: String(row.id) };
    const sms = api.app.get(SmsService);
    await Promise.all([sms.onTicketEvent(event), sms.onTicketEvent(event)]);
    const rows = await smsOf(db, t.id);
    expect(rows.map((r) => [r.kind, r.status, r.attempts])).toEqual([['filed', 'sent', 1]]);
    // nothing was queued again
    const queue = api.app.get(QueueProducer).queue(QueueName.Sms);
    const job = await queue.getJob(jobIds.sms(rows[0].id));
    expect(job?.attemptsMade ?? 0).toBeLessThanOrEqual(1);
  });

  it('never stores or logs the phone in plain text', async () => {
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM sms_message s WHERE s::text LIKE '%' || $1 || '%'`, [
      PHONE,
    ]);
    expect(n).toBe(0);
    expect(logged.filter((line) => line.includes(PHONE))).toEqual([]);
  });

  describe('GET /api/v1/sms', () => {
    it('lists the SMS for admins, newest first, masked, keyset paged, filtered by ticket and status', async () => {
      const t = await filePublicTicket(api, city.grids[2], { reporter: { phone: '13600003333' } });
      const sent = await smsReaching(db, t.id, 'filed', 'sent');
      const res = await staff.admin.auth(api.http().get('/api/v1/sms')).query({ ticketId: t.id });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        items: [
          {
            id: sent.id,
            ticketId: t.id,
            ticketNumber: t.number,
            kind: 'filed',
            phone: '136****3333',
            text: sent.text,
            driver: 'log',
            status: 'sent',
            attempts: 1,
            lastError: null,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
            sentAt: expect.any(String),
          },
        ],
        nextCursor: null,
      });
      expect(JSON.stringify(res.body)).not.toContain('13600003333');

      const first = await staff.admin.auth(api.http().get('/api/v1/sms')).query({ limit: 2, status: 'sent' });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0].ticketId).toBe(t.id);
      const next = await staff.admin
        .auth(api.http().get('/api/v1/sms'))
        .query({ limit: 2, status: 'sent', cursor: first.body.nextCursor });
      expect(next.status).toBe(200);
      const ids = [...first.body.items, ...next.body.items].map((s: { id: string }) => s.id);
      expect(new Set(ids).size).toBe(ids.length);
      const failed = await staff.admin.auth(api.http().get('/api/v1/sms')).query({ status: 'failed' });
      expect(failed.body.items).toEqual([]);
    });

    it('shows an admin only the SMS of tickets in their scope', async () => {
      const otherCity = await createTestCity(api.app);
      const otherAdmin = await createTestUser(api.app, 'admin', otherCity.city);
      const res = await otherAdmin.auth(api.http().get('/api/v1/sms'));
      expect(res.status).toBe(200);
      expect(res.body.items).toEqual([]);
    });

    it('answers 403 to everyone but admins', async () => {
      for (const user of [staff.supervisor, staff.dispatcher, staff.gridWorker, staff.party]) {
        expectApiError(await user.auth(api.http().get('/api/v1/sms')), 403, 'FORBIDDEN', user.role);
      }
      expectApiError(await api.http().get('/api/v1/sms'), 401, 'UNAUTHENTICATED');
    });

    it('answers 400 VALIDATION_FAILED to a bad query', async () => {
      for (const query of [
        { status: 'delivered' },
        { ticketId: 'not-a-uuid' },
        { limit: 0 },
        { limit: 'many' },
        { cursor: 'garbage' },
        { unknownField: 'x' },
      ]) {
        const res = await staff.admin.auth(api.http().get('/api/v1/sms')).query(query);
        expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(query));
      }
    });
  });
});

interface GatewayRequest {
  headers: IncomingHttpHeaders;
  body: { id: string; phone: string; signName: string; text: string };
  valid: boolean;
}

/**
 * A local SMS gateway on 127.0.0.1 that checks each request's signature with `secret` and
 * answers what `answer` says for the n-th request of one phone number (1-based).
 */
async function startGateway(secret: string, answer: (phone: string, n: number) => number) {
  const received: GatewayRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const body = JSON.parse(raw) as GatewayRequest['body'];
      received.push({ headers: req.headers, body, valid: verifyWebhookSignature(secret, req.headers, raw) });
      res.statusCode = answer(body.phone, received.filter((r) => r.body.phone === body.phone).length);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/sms/send`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('SMS with the http driver (a gateway)', () => {
  const SECRET = 'test-gateway-secret-0123456789';
  const FLAKY = '13911110000'; // the gateway answers 500, then 200
  const REFUSED = '13922220000'; // the gateway answers 400
  let gateway: Awaited<ReturnType<typeof startGateway>>;
  let api: TestApi;
  let worker: INestApplication;
  let db: DataSource;
  let city: TestCity;

  beforeAll(async () => {
    gateway = await startGateway(SECRET, (phone, n) =>
      phone === REFUSED ? 400 : phone === FLAKY && n === 1 ? 500 : 200,
    );
    const config = await isolatedTestConfig('sms_http', {
      SMS_DRIVER: 'http',
      SMS_GATEWAY_URL: gateway.url,
      SMS_GATEWAY_SECRET: SECRET,
      SMS_SIGN_NAME: '网格通',
    });
    ({ api, worker, db, city } = await startStack(config));
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
    await gateway?.close();
  });

  it('retries after a 500 and is sent on the second attempt, signed both times', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { phone: FLAKY } });
    const sms = await smsReaching(db, t.id, 'filed', 'sent');
    expect(sms).toEqual(expect.objectContaining({ driver: 'http', attempts: 2, last_error: null }));
    const requests = gateway.received.filter((r) => r.body.id === sms.id);
    expect(requests).toHaveLength(2);
    for (const r of requests) {
      expect(r.valid).toBe(true);
      expect(r.headers['x-gridflow-sms-id']).toBe(sms.id);
      expect(r.body).toEqual({ id: sms.id, phone: FLAKY, signName: '网格通', text: sms.text });
    }
    expect(sms.text).toContain(t.trackingCode);
  });

  it('does not retry a 400: failed after one attempt, the answer recorded', async () => {
    const t = await filePublicTicket(api, city.grids[0], { reporter: { phone: REFUSED } });
    const sms = await smsReaching(db, t.id, 'filed', 'failed');
    expect(sms).toEqual(expect.objectContaining({ attempts: 1, last_error: 'gateway answered HTTP 400' }));
    const job = await api.app.get(QueueProducer).queue(QueueName.Sms).getJob(jobIds.sms(sms.id));
    expect(await job?.getState()).toBe('failed');
    expect(job?.attemptsMade).toBe(1);
    expect(gateway.received.filter((r) => r.body.id === sms.id)).toHaveLength(1);
    const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM sms_message s WHERE s::text LIKE '%' || $1 || '%'`, [
      REFUSED,
    ]);
    expect(n).toBe(0);
  });

  it('tells network errors and 5xx (retried) from other 4xx (not retried)', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const sms = { id: 'probe', phone: '13933330000', text: '测试', signName: '网格通' };
    const failureOf = (url: string) =>
      new HttpSmsProvider(url, SECRET).send(sms).then(
        () => null,
        (err: unknown) => err,
      );

    const unreachable = await failureOf(`http://127.0.0.1:${port}/sms`);
    expect(unreachable).toBeInstanceOf(SmsSendError);
    expect(unreachable).toEqual(expect.objectContaining({ retryable: true }));
    expect((unreachable as Error).message).not.toContain(sms.phone);

    for (const [status, retryable] of [
      [503, true],
      [429, true],
      [400, false],
      [401, false],
      [422, false],
    ] as const) {
      const gw = await startGateway(SECRET, () => status);
      try {
        const err = await failureOf(gw.url);
        expect({ status, err }).toEqual({
          status,
          err: expect.objectContaining({ retryable, message: `gateway answered HTTP ${status}` }),
        });
      } finally {
        await gw.close();
      }
    }
  });
});
