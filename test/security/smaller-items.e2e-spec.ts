import { randomInt } from 'node:crypto';
import { Controller, HttpException, Post, UnprocessableEntityException } from '@nestjs/common';
import { Public } from '@gridflow/auth';
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

/**
 * Issue 16 item 10, the smaller items, each through the real HTTP stack: residents cannot set
 * `urgent`; non-admins see names, not user ids, in the catalogue history; bull-board writes only
 * for city admins; a bare 422 is not VALIDATION_FAILED; public Idempotency-Keys per client.
 */

describe('smaller items of issue 16 (item 10)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let admin: TestUser;
  let seq = 0;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  const unique = (what: string) => `${what} ${city.city}-${process.pid}-${++seq}`;
  const filePublic = (body: object, headers: Record<string, string> = {}) => {
    const req = api.http().post('/api/v1/public/tickets');
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.send({ itemCode: 'E01', gridCode: city.grids[0], ...body });
  };
  const urgentOf = async (id: string) =>
    ((await db.query('SELECT urgent FROM ticket WHERE id = $1', [id])) as { urgent: boolean }[])[0]?.urgent;
  const countByDescription = async (description: string) =>
    Number((await db.query('SELECT count(*) AS n FROM ticket WHERE description = $1', [description]))[0].n);

  describe('a) residents cannot set urgent: staff triage it', () => {
    it('refuses urgent: true on the public filing with 400 naming urgent, and files nothing', async () => {
      for (const urgent of [true, 'true', 1]) {
        const description = unique('路灯不亮');
        const res = await filePublic({ description, urgent });
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details).toEqual([{ field: 'urgent', problem: expect.any(String) }]);
        expect(await countByDescription(description)).toBe(0);
      }
    });

    it("a resident's ticket is urgent only when its catalogue item is, whatever the resident sends", async () => {
      const items = (await admin.auth(api.http().get('/api/v1/catalog'))).body as {
        items: { code: string; urgent: boolean; status: string }[];
      }[];
      const flags = new Map(items.flatMap((c) => c.items).map((i) => [i.code, i.urgent]));
      expect(flags.get('E01')).toBe(false);
      expect(flags.get('F01')).toBe(true);
      for (const itemCode of ['E01', 'F01']) {
        for (const extra of [{}, { urgent: false }]) {
          const res = await filePublic({ itemCode, description: unique('居民报事'), ...extra });
          expect(res.status).toBe(201);
          expect(await urgentOf(res.body.id)).toBe(flags.get(itemCode));
        }
      }
    });

    it('Open311 has no urgent argument: one sent is refused, never honoured', async () => {
      const key = await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name: unique('客户端') });
      expect(key.status).toBe(201);
      const inside = city.insideGrid.get(city.grids[0])!;
      const description = unique('垃圾堆积');
      const res = await api
        .http()
        .post('/open311/v2/requests.json')
        .type('form')
        .send({
          api_key: key.body.key,
          service_code: 'E01',
          lat: String(inside.lat),
          long: String(inside.lng),
          description,
          urgent: 'true',
        });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body)).toContain('urgent');
      expect(await countByDescription(description)).toBe(0);
    });

    it('staff may still file an urgent ticket', async () => {
      const worker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
      const res = await worker
        .auth(api.http().post('/api/v1/tickets'))
        .send({ itemCode: 'E01', gridCode: city.grids[0], description: unique('网格员代报'), urgent: true });
      expect(res.status).toBe(201);
      expect(await urgentOf(res.body.id)).toBe(true);
    });
  });

  describe('b) non-admins see names, not user ids, in the catalogue history', () => {
    it('every other role gets actor names and no id; an admin keeps the id', async () => {
      const code = `C${randomInt(1000, 9999)}`;
      const limit = 3600;
      const limits = Object.fromEntries(
        ['acceptSeconds', 'dispatchSeconds', 'claimSeconds', 'resolveSeconds', 'verifySeconds', 'archiveSeconds'].map(
          (k) => [k, limit],
        ),
      );
      const proposed = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
        code,
        name: '历史记录测试',
        categoryCode: 'C',
        tier: 'grid',
        urgent: false,
        department: '测试局',
        limits,
      });
      expect(proposed.status).toBe(201);
      expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/approve`)).send({})).status).toBe(200);

      const staff = await Promise.all([
        createTestUser(api.app, 'supervisor', city.county),
        createTestUser(api.app, 'dispatcher', city.communities[0]),
        createTestUser(api.app, 'grid_worker', city.grids[0]),
        createTestUser(api.app, 'party_member', city.communities[0]),
      ]);
      for (const user of staff) {
        const res = await user.auth(api.http().get(`/api/v1/catalog/items/${code}`));
        expect(res.status).toBe(200);
        expect(res.body.history).toHaveLength(2);
        for (const h of res.body.history) {
          expect(h.actor).toEqual({ displayName: admin.displayName });
          expect(h).not.toHaveProperty('actorId');
        }
        expect(JSON.stringify(res.body)).not.toContain(admin.id);
      }
      const own = await admin.auth(api.http().get(`/api/v1/catalog/items/${code}`));
      for (const h of own.body.history) {
        expect(h).toEqual(expect.objectContaining({ actorId: admin.id, actor: { displayName: admin.displayName } }));
      }
    });
  });

  describe('d) a bare 422 is not VALIDATION_FAILED', () => {
    @Controller('test-bare-422')
    class Bare422Controller {
      @Post()
      @Public()
      bare(): never {
        throw new UnprocessableEntityException('cannot process this');
      }

      @Post('status')
      @Public()
      status(): never {
        throw new HttpException('plain 422', 422);
      }
    }

    let bareApi: TestApi;
    beforeAll(async () => {
      bareApi = await createTestApi({ extra: { controllers: [Bare422Controller] } });
    });
    afterAll(() => bareApi?.close());

    it('comes out as 422 UNPROCESSABLE in the error shape, while named 422s and 400s keep their codes', async () => {
      for (const path of ['/api/v1/test-bare-422', '/api/v1/test-bare-422/status']) {
        const res = await bareApi.http().post(path).send({});
        expectApiError(res, 422, 'UNPROCESSABLE');
      }
      const notAdmitted = await filePublic({ itemCode: 'Z99', description: unique('未准入') });
      expectApiError(notAdmitted, 422, 'ITEM_NOT_ADMITTED');
      expectApiError(await filePublic({ description: '' }), 400, 'VALIDATION_FAILED');
    });
  });

  describe('e) public Idempotency-Keys are scoped per client', () => {
    it("another client's replay of a key gets its own ticket; the same client gets its first answer", async () => {
      const key = `k-${city.city}-${process.pid}-${Date.now()}`;
      const body = { description: unique('同一个键') };
      const as = (address: string) => ({ 'Idempotency-Key': key, 'X-Forwarded-For': address });

      const first = await filePublic(body, as('203.0.113.10'));
      expect(first.status).toBe(201);
      const other = await filePublic(body, as('203.0.113.20'));
      expect(other.status).toBe(201);
      expect(other.body.id).not.toBe(first.body.id);
      expect(other.body.trackingCode).not.toBe(first.body.trackingCode);
      expect(JSON.stringify(other.body)).not.toContain(first.body.trackingCode);

      const replay = await filePublic(body, as('203.0.113.10'));
      expect(replay.status).toBe(201);
      expect(replay.body).toEqual(first.body);
      expect(await countByDescription(body.description)).toBe(2);

      // another body under the same key: the other client's key is its own (201), the first's is reused (422)
      const changed = { description: unique('换了内容') };
      expect((await filePublic(changed, as('203.0.113.30'))).status).toBe(201);
      expectApiError(await filePublic(changed, as('203.0.113.10')), 422, 'IDEMPOTENCY_KEY_REUSED');
    });
  });

  describe('c) bull-board write actions only for city admins', () => {
    it('a county admin reads the board but every write is 403; a city admin may write', async () => {
      const countyAdmin = await createTestUser(api.app, 'admin', city.county);
      const board = '/admin/queues/api/queues';
      const read = await countyAdmin.auth(api.http().get(board));
      expect(read.status).toBe(200);
      const queue = (read.body.queues as { name: string }[])[0].name;
      const writes = [
        api.http().put(`${board}/${queue}/retry/failed`),
        api.http().put(`${board}/${queue}/clean/completed`),
        api.http().put(`${board}/${queue}/pause`),
        api.http().put(`${board}/${queue}/resume`),
        api.http().put(`${board}/${queue}/empty`),
        api.http().put(`${board}/${queue}/promote`),
        api.http().put(`${board}/${queue}/no-such-job/remove`),
      ];
      for (const req of writes) expectApiError(await countyAdmin.auth(req), 403, 'FORBIDDEN');
      const staff = await createTestUser(api.app, 'supervisor', city.city);
      expectApiError(await staff.auth(api.http().get(board)), 403, 'FORBIDDEN');
      expectApiError(await staff.auth(api.http().put(`${board}/${queue}/pause`)), 403, 'FORBIDDEN');

      const paused = await admin.auth(api.http().put(`${board}/${queue}/retry/failed`));
      expect(paused.status).toBeLessThan(300);
    });
  });
});
