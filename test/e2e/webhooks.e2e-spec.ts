import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { DataSource } from 'typeorm';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

/** Webhook administration: admin only, scoped, the secret shown only when created or rotated. */

const fieldsOf = (res: Response): string[] => (res.body.details ?? []).map((d: { field: string }) => d.field);

// Port 9 (discard) on loopback refuses at once: should any worker in this run pick up a
// delivery for these webhooks, it fails fast and reaches nobody.
const HOOK_URL = 'http://127.0.0.1:9/gridflow';
const HEX_SECRET = /^[0-9a-f]{64}$/;

interface WebhookBody {
  id: string;
  url: string;
  eventTypes: string[];
  scopeCode: string;
  active: boolean;
  createdAt: string;
  secret?: string;
}

describe('webhooks administration', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser; // the city
  let townshipAdmin: TestUser; // township 1 only
  let supervisor: TestUser;
  let dispatcher: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    [admin, townshipAdmin, supervisor, dispatcher] = await Promise.all([
      createTestUser(api.app, 'admin', city.city),
      createTestUser(api.app, 'admin', city.townships[1]),
      createTestUser(api.app, 'supervisor', city.townships[0]),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
    ]);
  });
  afterAll(() => api.close());

  const create = (body: object, user = admin) => user.auth(api.http().post('/api/v1/webhooks')).send(body);
  const get = (path: string, user = admin, query: object = {}) =>
    user.auth(api.http().get(`/api/v1/webhooks${path}`)).query(query);
  const patch = (id: string, body: object, user = admin) =>
    user.auth(api.http().patch(`/api/v1/webhooks/${id}`)).send(body);
  const rotate = (id: string, user = admin) =>
    user.auth(api.http().post(`/api/v1/webhooks/${id}/rotate-secret`)).send();
  async function created(body: object = {}, user = admin): Promise<WebhookBody> {
    const res = await create({ url: HOOK_URL, eventTypes: ['filed'], ...body }, user);
    if (res.status !== 201) throw new Error(`create webhook: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  const storedSecret = async (id: string): Promise<string> =>
    (await db.query('SELECT secret FROM webhook WHERE id = $1', [id]))[0].secret;

  describe('create', () => {
    it("answers 201 with the secret, in the admin's scope by default", async () => {
      const res = await create({ url: 'https://hooks.example.invalid/in?token=t', eventTypes: ['filed', 'resolved'] });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        url: 'https://hooks.example.invalid/in?token=t',
        eventTypes: ['filed', 'resolved'],
        scopeCode: city.city,
        active: true,
        secret: expect.stringMatching(HEX_SECRET),
        createdAt: expect.any(String),
      });
      expect(new Date(res.body.createdAt).toISOString()).toBe(res.body.createdAt);
      expect(await storedSecret(res.body.id)).toBe(res.body.secret);
    });

    it('takes a scope within the admin\'s, and "*" for every event', async () => {
      const hook = await created({ eventTypes: ['*'], scopeCode: city.communities[1] });
      expect(hook).toEqual(expect.objectContaining({ eventTypes: ['*'], scopeCode: city.communities[1] }));
    });

    it('gives every webhook its own secret', async () => {
      const [a, b] = await Promise.all([created(), created()]);
      expect(a.secret).not.toBe(b.secret);
    });

    it.each([
      ['ftp://example.com/in', 'another scheme'],
      ['file:///etc/passwd', 'file:'],
      ['javascript:alert(1)', 'javascript:'],
      ['hooks.example.com/in', 'no scheme'],
      ['not a url', 'not a URL'],
      ['', 'empty'],
    ])('refuses url %j (%s) → 400', async (url) => {
      const res = await create({ url, eventTypes: ['filed'] });
      expectApiError(res, 400, 'VALIDATION_FAILED', url);
      expect(fieldsOf(res)).toContain('url');
    });

    it.each([
      [['exploded'], 'an unknown type'],
      [['filed', 'Filed'], 'a wrongly spelt type'],
      [[], 'none'],
      [['*', 'filed'], '"*" with others'],
      ['filed', 'not an array'],
      [[1], 'not strings'],
      [undefined, 'missing'],
    ] as [unknown, string][])('refuses eventTypes %j (%s) → 400', async (eventTypes) => {
      const res = await create({ url: HOOK_URL, eventTypes });
      expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(eventTypes));
      expect(fieldsOf(res)).toContain('eventTypes');
    });

    it("refuses a scope outside the admin's, an unknown unit, and unknown fields → 400", async () => {
      const outside = await create(
        { url: HOOK_URL, eventTypes: ['filed'], scopeCode: city.townships[0] },
        townshipAdmin,
      );
      expectApiError(outside, 400, 'VALIDATION_FAILED', 'outside');
      expect(fieldsOf(outside)).toEqual(['scopeCode']);
      const unknown = await create({ url: HOOK_URL, eventTypes: ['filed'], scopeCode: `${city.communities[0]}999` });
      expectApiError(unknown, 400, 'VALIDATION_FAILED', 'unknown unit');
      const malformed = await create({ url: HOOK_URL, eventTypes: ['filed'], scopeCode: '12' });
      expectApiError(malformed, 400, 'VALIDATION_FAILED', 'malformed');
      const extra = await create({ url: HOOK_URL, eventTypes: ['filed'], secret: 'mine' });
      expectApiError(extra, 400, 'VALIDATION_FAILED', 'extra');
      expect(fieldsOf(extra)).toEqual(['secret']);
    });
  });

  describe('read', () => {
    it('lists the webhooks in scope, newest first, without secrets, with keyset paging', async () => {
      const mine = await created({ scopeCode: city.townships[1] });
      const newer = await created({ scopeCode: city.communities[2] });
      const res = await get('', townshipAdmin);
      expect(res.status).toBe(200);
      const ids = res.body.items.map((w: WebhookBody) => w.id);
      expect(ids.slice(0, 2)).toEqual([newer.id, mine.id]);
      for (const w of res.body.items) {
        expect(w).not.toHaveProperty('secret');
        expect(w.scopeCode.startsWith(city.townships[1])).toBe(true);
      }
      const first = await get('', admin, { limit: 1 });
      expect(first.body.items).toHaveLength(1);
      expect(first.body.nextCursor).toEqual(expect.any(String));
      const second = await get('', admin, { limit: 1, cursor: first.body.nextCursor });
      expect(second.body.items).toHaveLength(1);
      expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
      expectApiError(await get('', admin, { limit: 0 }), 400, 'VALIDATION_FAILED', 'limit 0');
      expectApiError(await get('', admin, { cursor: 'garbage' }), 400, 'VALIDATION_FAILED', 'bad cursor');
    });

    it('shows one webhook without its secret', async () => {
      const hook = await created();
      const res = await get(`/${hook.id}`);
      expect(res.status).toBe(200);
      const { secret: _secret, ...view } = hook;
      expect(res.body).toEqual(view);
    });
  });

  describe('update and rotate', () => {
    it('changes active, eventTypes and url; answers without the secret', async () => {
      const hook = await created();
      const res = await patch(hook.id, {
        active: false,
        eventTypes: ['resolved', 'verified'],
        url: 'https://x.invalid/h',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        ...hook,
        secret: undefined,
        active: false,
        eventTypes: ['resolved', 'verified'],
        url: 'https://x.invalid/h',
      });
      expect(res.body).not.toHaveProperty('secret');
      expect((await get(`/${hook.id}`)).body).toEqual(res.body);
      // an empty body changes nothing
      const same = await patch(hook.id, {});
      expect(same.body).toEqual(res.body);
      expect(await storedSecret(hook.id)).toBe(hook.secret);
    });

    it('refuses a bad url, bad eventTypes, a non-boolean active and unknown fields → 400', async () => {
      const hook = await created();
      for (const [body, field] of [
        [{ url: 'gopher://example.com' }, 'url'],
        [{ eventTypes: ['nope'] }, 'eventTypes'],
        [{ eventTypes: [] }, 'eventTypes'],
        [{ active: 'yes' }, 'active'],
        [{ scopeCode: city.city }, 'scopeCode'],
      ] as const) {
        const res = await patch(hook.id, body);
        expectApiError(res, 400, 'VALIDATION_FAILED', JSON.stringify(body));
        expect(fieldsOf(res)).toEqual([field]);
      }
      expect((await get(`/${hook.id}`)).body.url).toBe(HOOK_URL);
    });

    it('rotates the secret: the new one is shown once and stored, the old one is gone', async () => {
      const hook = await created();
      const res = await rotate(hook.id);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ ...hook, secret: expect.stringMatching(HEX_SECRET) });
      expect(res.body.secret).not.toBe(hook.secret);
      expect(await storedSecret(hook.id)).toBe(res.body.secret);
      expect((await get(`/${hook.id}`)).body).not.toHaveProperty('secret');
    });
  });

  describe('deliveries', () => {
    it("lists a webhook's deliveries newest first with keyset paging", async () => {
      const hook = await created();
      expect((await get(`/${hook.id}/deliveries`)).body).toEqual({ items: [], nextCursor: null });
      const ticketId = randomUUID();
      for (let seq = 1; seq <= 3; seq++) {
        await db.query(
          `INSERT INTO webhook_delivery (webhook_id, event_type, event_key, payload, status, attempts, last_status, last_error, created_at)
           VALUES ($1, 'filed', $2, '{}', $3, $4, $5, $6, now() - make_interval(secs => $7))`,
          [
            hook.id,
            `${ticketId}:${seq}`,
            seq === 3 ? 'failed' : 'pending',
            seq,
            seq === 3 ? 500 : null,
            seq === 3 ? 'HTTP 500' : null,
            10 - seq,
          ],
        );
      }
      const first = await get(`/${hook.id}/deliveries`, admin, { limit: 2 });
      expect(first.status).toBe(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.items[0]).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        eventType: 'filed',
        eventKey: `${ticketId}:3`,
        status: 'failed',
        attempts: 3,
        lastStatus: 500,
        lastError: 'HTTP 500',
        createdAt: expect.any(String),
        deliveredAt: null,
      });
      expect(first.body.items[1].eventKey).toBe(`${ticketId}:2`);
      const second = await get(`/${hook.id}/deliveries`, admin, { limit: 2, cursor: first.body.nextCursor });
      expect(second.body.items.map((d: { eventKey: string }) => d.eventKey)).toEqual([`${ticketId}:1`]);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('access', () => {
    it('answers 403 to every other role, on every endpoint', async () => {
      const hook = await created();
      for (const user of [supervisor, dispatcher]) {
        expectApiError(await create({ url: HOOK_URL, eventTypes: ['filed'] }, user), 403, 'FORBIDDEN', 'create');
        expectApiError(await get('', user), 403, 'FORBIDDEN', 'list');
        expectApiError(await get(`/${hook.id}`, user), 403, 'FORBIDDEN', 'get');
        expectApiError(await patch(hook.id, { active: false }, user), 403, 'FORBIDDEN', 'patch');
        expectApiError(await rotate(hook.id, user), 403, 'FORBIDDEN', 'rotate');
        expectApiError(await get(`/${hook.id}/deliveries`, user), 403, 'FORBIDDEN', 'deliveries');
      }
      expect((await get(`/${hook.id}`)).body.active).toBe(true);
    });

    it("answers 404 for a webhook outside the admin's scope, and it changes nothing", async () => {
      const hook = await created({ scopeCode: city.townships[0] });
      const list = await get('', townshipAdmin, { limit: 100 });
      expect(list.body.items.map((w: WebhookBody) => w.id)).not.toContain(hook.id);
      expectApiError(await get(`/${hook.id}`, townshipAdmin), 404, 'NOT_FOUND', 'get');
      expectApiError(await patch(hook.id, { active: false }, townshipAdmin), 404, 'NOT_FOUND', 'patch');
      expectApiError(await rotate(hook.id, townshipAdmin), 404, 'NOT_FOUND', 'rotate');
      expectApiError(await get(`/${hook.id}/deliveries`, townshipAdmin), 404, 'NOT_FOUND', 'deliveries');
      expect(await storedSecret(hook.id)).toBe(hook.secret);
      expect((await get(`/${hook.id}`)).body.active).toBe(true);
    });

    it('answers 404 for an unknown id and 400 for a malformed one', async () => {
      expectApiError(await get(`/${randomUUID()}`), 404, 'NOT_FOUND', 'unknown');
      expectApiError(await get('/not-a-uuid'), 400, 'VALIDATION_FAILED', 'malformed');
    });

    it('answers 401 without a token', async () => {
      expect((await api.http().get('/api/v1/webhooks')).status).toBe(401);
    });
  });
});
