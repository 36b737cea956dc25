import { randomInt } from 'node:crypto';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
  ITEM_LIMITS,
} from '../support/index.js';

/**
 * What the residents' pages read without a login: the grid a sign board's QR code names
 * (/r/:gridCode) and the admitted matters to pick from — names only, no people or phones.
 */

const WORKER_PHONE = '13700001234';

describe('public pages API: grid and catalogue', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  const publicGrid = (code: string) => api.http().get(`/api/v1/public/grids/${code}`);
  const publicCatalog = () => api.http().get('/api/v1/public/catalog');
  const itemCodes = (body: { items: { code: string }[] }[]) => body.flatMap((c) => c.items.map((i) => i.code));

  it('answers an active grid without a login: names and boundary, no workers or phones', async () => {
    const code = city.grids[0];
    const worker = await admin.auth(api.http().post('/api/v1/workers')).send({
      name: '周网格',
      phone: WORKER_PHONE,
      type: 'full_time',
      gridCodes: [code],
      partyMember: true,
    });
    expect(worker.status).toBe(201);

    const res = await publicGrid(code);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code,
      name: `网格${code}`,
      communityName: `社区${city.communities[0]}`,
      townshipName: `街道${city.townships[0]}`,
      status: 'active',
      boundary: expect.objectContaining({ type: 'Polygon', coordinates: expect.any(Array) }),
    });
    const text = JSON.stringify(res.body);
    for (const leak of [WORKER_PHONE, '周网格', '"workers', '"households', '"population']) {
      expect({ leak, found: text.includes(leak) }).toEqual({ leak, found: false });
    }
    expect(res.headers['ratelimit-limit']).toBeDefined();
  });

  it('answers 404 for an unknown or a retired grid', async () => {
    expectApiError(await publicGrid(`${city.communities[0]}999`), 404, 'NOT_FOUND', 'unknown');
    const retiredCode = city.grids[2];
    const retired = await admin
      .auth(api.http().post(`/api/v1/grids/${retiredCode}/retire`))
      .send({ reason: '网格调整' });
    expect(retired.status).toBe(200);
    expectApiError(await publicGrid(retiredCode), 404, 'NOT_FOUND', 'retired');
  });

  it('answers 400 VALIDATION_FAILED for a malformed grid code', async () => {
    for (const bad of ['abc', city.communities[0], `${city.grids[0]}1`, `${city.grids[0].slice(0, 14)}x`]) {
      const res = await publicGrid(bad);
      expectApiError(res, 400, 'VALIDATION_FAILED', bad);
      expect(res.body.details).toEqual([expect.objectContaining({ field: 'code' })]);
    }
  });

  it('lists the admitted matters by category without a login: names and urgency only', async () => {
    const res = await publicCatalog();
    expect(res.status).toBe(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    for (const category of res.body) {
      expect(Object.keys(category).sort()).toEqual(['code', 'items', 'name']);
      expect(category.items.length).toBeGreaterThan(0);
      for (const item of category.items) expect(Object.keys(item).sort()).toEqual(['code', 'name', 'urgent']);
    }
    const f01 = res.body.flatMap((c: { items: object[] }) => c.items).find((i: { code: string }) => i.code === 'F01');
    expect(f01).toEqual({ code: 'F01', name: expect.any(String), urgent: true });
    // the same default items as the staff catalogue (other files add items of their own meanwhile)
    const staff = await admin.auth(api.http().get('/api/v1/catalog'));
    const defaults = (codes: string[]) => codes.filter((c) => /^[A-F]0\d$/.test(c));
    expect(defaults(itemCodes(res.body))).toEqual(defaults(itemCodes(staff.body)));
    expect(defaults(itemCodes(res.body))).toHaveLength(17);
  });

  it('lists only active items: not proposed, not retired', async () => {
    // Item codes are global: each run of this file picks its own.
    const code = `E${randomInt(1000, 9999)}`;
    const proposed = await admin.auth(api.http().post('/api/v1/catalog/items')).send({
      code,
      name: '共享单车乱停放',
      categoryCode: 'E',
      tier: 'grid',
      urgent: false,
      department: '城管局',
      limits: ITEM_LIMITS,
      reason: '城管局申请准入',
    });
    expect(proposed.status).toBe(201);
    expect(itemCodes((await publicCatalog()).body)).not.toContain(code);

    const approved = await admin
      .auth(api.http().post(`/api/v1/catalog/items/${code}/approve`))
      .send({ reason: '同意' });
    expect(approved.status).toBe(200);
    expect(itemCodes((await publicCatalog()).body)).toContain(code);

    const retired = await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/retire`)).send({ reason: '调整' });
    expect(retired.status).toBe(200);
    expect(itemCodes((await publicCatalog()).body)).not.toContain(code);
  });

  it('puts the community, population and status on the sign board the staff print', async () => {
    const code = city.grids[0];
    const res = await admin.auth(api.http().get(`/api/v1/grids/${code}/sign-board`));
    expect(res.status).toBe(200);
    expect(res.body.grid).toEqual(
      expect.objectContaining({
        code,
        population: 1100,
        households: 400,
        status: 'active',
        communityCode: city.communities[0],
        communityName: `社区${city.communities[0]}`,
      }),
    );
    expect(res.body.workers).toEqual([expect.objectContaining({ name: '周网格', phone: WORKER_PHONE })]);
    expect(res.body.requestUrl.endsWith(`/r/${code}`)).toBe(true);
  });
});
