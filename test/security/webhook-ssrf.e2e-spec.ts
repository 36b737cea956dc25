import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  testConfig,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';
import { WebhooksService } from '@gridflow/webhooks';

/**
 * Issue 16 item 2: an admin cannot make the server post to (and read from) itself, the cloud
 * metadata service or the private network — not on create, not on update, not at delivery.
 */

const SECRET_BODY = 'instance-credentials-AKIA-SECRET';

/** A loopback server that answers with something an attacker would like to read. */
async function startStub(handler?: (path: string) => { status: number; headers?: Record<string, string> }) {
  const hits: string[] = [];
  const server: Server = createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    const answer = handler?.(req.url ?? '') ?? { status: 200 };
    res.writeHead(answer.status, { 'Content-Type': 'text/plain', ...answer.headers });
    res.end(SECRET_BODY);
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, hits, port: (server.address() as AddressInfo).port };
}

const HOSTILE = [
  'http://127.0.0.1:8080/hook',
  'http://localhost/hook',
  'http://2130706433/',
  'http://0x7f.1/',
  'http://017700000001/',
  'http://169.254.169.254/latest/meta-data/',
  'http://10.1.2.3/',
  'http://172.20.0.1/',
  'http://192.168.0.10/',
  'http://100.100.100.200/',
  'http://0.0.0.0:3000/',
  'http://224.0.0.251/',
  'http://[::1]/',
  'http://[fd00::1]/',
  'http://[fe80::1]/',
  'http://[::ffff:127.0.0.1]/',
  'http://[::ffff:a9fe:a9fe]/',
];

describe('webhook targets (SSRF)', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let db: DataSource;

  beforeAll(async () => {
    api = await createTestApi({ config: testConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'false' }) });
    expect(api.config.webhookAllowPrivateTargets).toBe(false);
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    db = api.app.get(DataSource);
  });
  afterAll(() => api.close());

  const expectUrlRefused = (
    res: { status: number; body: { code: string; details: { field: string }[] } },
    url: string,
  ) => {
    expect({ url, status: res.status, code: res.body.code }).toEqual({ url, status: 400, code: 'VALIDATION_FAILED' });
    expect(res.body.details.map((d) => d.field)).toContain('url');
  };

  it.each(HOSTILE)('POST /webhooks refuses %s', async (url) => {
    const res = await admin.auth(api.http().post('/api/v1/webhooks')).send({ url, eventTypes: ['filed'] });
    expectUrlRefused(res, url);
  });

  it('PATCH /webhooks refuses moving a public webhook to a private target', async () => {
    const created = await admin
      .auth(api.http().post('/api/v1/webhooks'))
      .send({ url: 'https://8.8.8.8/hook', eventTypes: ['filed'] });
    expect(created.status).toBe(201);
    for (const url of HOSTILE) {
      const res = await admin.auth(api.http().patch(`/api/v1/webhooks/${created.body.id}`)).send({ url });
      expectUrlRefused(res, url);
    }
    const [row] = await db.query('SELECT url FROM webhook WHERE id = $1', [created.body.id]);
    expect(row.url).toBe('https://8.8.8.8/hook');
  });

  /** A webhook row as if it had been stored before the rule (or its DNS changed since). */
  async function storedDelivery(url: string): Promise<string> {
    const [hook] = await db.query(
      `INSERT INTO webhook (url, secret, event_types, scope_code, active) VALUES ($1, 'x', '{filed}', $2, true) RETURNING id`,
      [url, city.city],
    );
    const [delivery] = await db.query(
      `INSERT INTO webhook_delivery (webhook_id, event_type, event_key, payload) VALUES ($1, 'filed', $2, '{}') RETURNING id`,
      [hook.id, `${hook.id}:1`],
    );
    return delivery.id;
  }

  it.each(['ip', 'localhost'])(
    'a delivery to a blocked address (%s) connects to nothing and records an error without the answer',
    async (form) => {
      const stub = await startStub();
      try {
        const host = form === 'ip' ? '127.0.0.1' : 'localhost';
        const id = await storedDelivery(`http://${host}:${stub.port}/steal`);
        await expect(api.app.get(WebhooksService).deliver(id, { lastAttempt: true })).rejects.toThrow(/refused/);
        const [row] = await db.query('SELECT status, last_status, last_error FROM webhook_delivery WHERE id = $1', [
          id,
        ]);
        expect(row.status).toBe('failed');
        expect(row.last_status).toBeNull();
        expect(row.last_error).toMatch(/loopback.*refused/);
        expect(row.last_error).not.toContain(SECRET_BODY);
        expect(stub.hits).toEqual([]);
      } finally {
        stub.server.close();
      }
    },
  );

  it('even with private targets allowed, a redirect is not followed and its body not recorded', async () => {
    const inner = await startStub();
    const outer = await startStub(() => ({
      status: 302,
      headers: { Location: `http://127.0.0.1:${inner.port}/meta` },
    }));
    const open = await createTestApi({ config: testConfig({ WEBHOOK_ALLOW_PRIVATE_TARGETS: 'true' }) });
    try {
      const id = await storedDelivery(`http://127.0.0.1:${outer.port}/hook`);
      await expect(open.app.get(WebhooksService).deliver(id, { lastAttempt: true })).rejects.toThrow(/HTTP 302/);
      const [row] = await db.query('SELECT status, last_status, last_error FROM webhook_delivery WHERE id = $1', [id]);
      expect(row).toEqual({ status: 'failed', last_status: 302, last_error: expect.stringMatching(/^HTTP 302/) });
      expect(row.last_error).not.toContain(SECRET_BODY);
      expect(outer.hits).toEqual(['/hook']);
      expect(inner.hits).toEqual([]);
    } finally {
      await open.close();
      inner.server.close();
      outer.server.close();
    }
  });
});
