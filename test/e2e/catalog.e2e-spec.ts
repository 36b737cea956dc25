import { randomInt } from 'node:crypto';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestUser,
  ITEM_LIMITS,
} from '../support/index.js';

describe('matter catalogue (凭票上车)', () => {
  let api: TestApi;
  let admin: TestUser;
  let dispatcher: TestUser;
  let gridWorker: TestUser;
  // Item codes are global: each run of this file picks its own.
  const code = `B${randomInt(1000, 9999)}`;

  beforeAll(async () => {
    api = await createTestApi();
    const city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
  });
  afterAll(() => api.close());

  const propose = (body: object, user = admin) => user.auth(api.http().post('/api/v1/catalog/items')).send(body);
  const item = (over: object = {}) => ({
    code,
    name: '校园周边矛盾纠纷',
    categoryCode: 'B',
    tier: 'grid',
    urgent: false,
    department: '教育局',
    limits: ITEM_LIMITS,
    ...over,
  });

  it('lists the default catalogue: 6 categories, 17 active items with limits', async () => {
    const res = await gridWorker.auth(api.http().get('/api/v1/catalog'));
    expect(res.status).toBe(200);
    expect(res.body.map((c: { code: string }) => c.code)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
    const items = res.body.flatMap((c: { items: { code: string }[] }) => c.items);
    const defaults = items.filter((i: { code: string }) => /^[A-F]0\d$/.test(i.code));
    expect(defaults).toHaveLength(17);
    const f01 = items.find((i: { code: string }) => i.code === 'F01');
    expect(f01).toEqual(
      expect.objectContaining({
        tier: 'escalate',
        urgent: true,
        clock: 'calendar',
        department: '应急管理局',
        status: 'active',
      }),
    );
    expect(Object.keys(f01.limits).sort()).toEqual(
      ['acceptSeconds', 'archiveSeconds', 'claimSeconds', 'dispatchSeconds', 'resolveSeconds', 'verifySeconds'].sort(),
    );
    const b01 = items.find((i: { code: string }) => i.code === 'B01');
    expect(b01).toEqual(expect.objectContaining({ tier: 'grid', clock: 'working' }));
    expect(b01.urgentLimits.acceptSeconds).toBeLessThan(b01.limits.acceptSeconds);
    expect(items.find((i: { code: string }) => i.code === 'B04').tier).toBe('escalate');
  });

  it('walks an item through proposed → active → retired, recording each change', async () => {
    const proposed = await propose({ ...item(), reason: '教育局申请准入' });
    expect(proposed.status).toBe(201);
    expect(proposed.body).toEqual(
      expect.objectContaining({ code, status: 'proposed', clock: 'working', urgentLimits: ITEM_LIMITS }),
    );

    // a proposed item is not on the public list
    const before = await gridWorker.auth(api.http().get('/api/v1/catalog'));
    expect(JSON.stringify(before.body)).not.toContain(`"${code}"`);
    const all = await admin.auth(api.http().get('/api/v1/catalog?status=all'));
    expect(JSON.stringify(all.body)).toContain(`"${code}"`);

    const approved = await admin
      .auth(api.http().post(`/api/v1/catalog/items/${code}/approve`))
      .send({ reason: '常委会审议通过' });
    expect(approved.status).toBe(200);
    expect(approved.body.status).toBe('active');
    const listed = await gridWorker.auth(api.http().get('/api/v1/catalog'));
    expect(JSON.stringify(listed.body)).toContain(`"${code}"`);

    expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/approve`)).send({})).status).toBe(409);
    expect((await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/retire`)).send({})).status).toBe(400);
    const retired = await admin
      .auth(api.http().post(`/api/v1/catalog/items/${code}/retire`))
      .send({ reason: '职能调整' });
    expect(retired.status).toBe(200);
    expect(retired.body.status).toBe('retired');
    expect(
      (await admin.auth(api.http().post(`/api/v1/catalog/items/${code}/retire`)).send({ reason: 'x' })).status,
    ).toBe(409);

    // never deleted: a retired item stays readable, with who/when/why
    const got = await dispatcher.auth(api.http().get(`/api/v1/catalog/items/${code}`));
    expect(got.status).toBe(200);
    expect(got.body.history.map((h: { action: string; toStatus: string }) => `${h.action}:${h.toStatus}`)).toEqual([
      'propose:proposed',
      'approve:active',
      'retire:retired',
    ]);
    // who, by name: a non-admin gets no user ids (issue 16 item 10)
    expect(got.body.history[2]).toEqual(
      expect.objectContaining({ reason: '职能调整', actor: { displayName: admin.displayName } }),
    );
    expect(got.body.history[2]).not.toHaveProperty('actorId');
  });

  it('refuses non-admins (403) for proposing, approving, retiring and ?status=all', async () => {
    for (const user of [dispatcher, gridWorker]) {
      expect((await propose(item({ code: `B${randomInt(1000, 9999)}` }), user)).status).toBe(403);
      expect((await user.auth(api.http().post('/api/v1/catalog/items/B01/approve')).send({})).status).toBe(403);
      expect((await user.auth(api.http().post('/api/v1/catalog/items/B01/retire')).send({ reason: 'x' })).status).toBe(
        403,
      );
      expect((await user.auth(api.http().get('/api/v1/catalog?status=all'))).status).toBe(403);
    }
  });

  it('validates proposals: unknown category, bad code, zero or negative limits, unknown fields, duplicates', async () => {
    const fresh = () => `C${randomInt(1000, 9999)}`;
    const cases: [object, string][] = [
      [item({ code: 'Z01', categoryCode: 'Z' }), 'categoryCode'],
      [item({ code: 'C1', categoryCode: 'C' }), 'code'],
      [item({ code: 'A01X', categoryCode: 'A' }), 'code'],
      [item({ code: 'A012', categoryCode: 'B' }), 'code'],
      [
        item({ code: fresh(), categoryCode: 'C', limits: { ...ITEM_LIMITS, resolveSeconds: 0 } }),
        'limits.resolveSeconds',
      ],
      [
        item({ code: fresh(), categoryCode: 'C', limits: { ...ITEM_LIMITS, acceptSeconds: -60 } }),
        'limits.acceptSeconds',
      ],
      [item({ code: fresh(), categoryCode: 'C', limits: { ...ITEM_LIMITS, lunchSeconds: 5 } }), 'limits.lunchSeconds'],
      [item({ code: fresh(), categoryCode: 'C', tier: 'medium' }), 'tier'],
      [item({ code: fresh(), categoryCode: 'C', clock: 'lunar' }), 'clock'],
    ];
    for (const [body, field] of cases) {
      const res = await propose(body);
      expect({ field, status: res.status, code: res.body.code }).toEqual({
        field,
        status: 400,
        code: 'VALIDATION_FAILED',
      });
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const dup = await propose(item({ code: 'A01', categoryCode: 'A' }));
    expect(dup.status).toBe(409);
    expect(dup.body).toMatchObject({ code: 'ALREADY_EXISTS', details: [{ field: 'code', problem: 'already exists' }] });
  });

  it('answers 404 for an unknown item', async () => {
    expect((await admin.auth(api.http().get('/api/v1/catalog/items/Q99'))).status).toBe(404);
    expect((await admin.auth(api.http().post('/api/v1/catalog/items/Q99/approve')).send({})).status).toBe(404);
  });
});

describe('working calendar', () => {
  let api: TestApi;
  let admin: TestUser;
  let worker: TestUser;
  beforeAll(async () => {
    api = await createTestApi();
    const city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    worker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
  });
  afterAll(() => api.close());

  it('shows the official 2026 Spring Festival and its makeup Saturday', async () => {
    const res = await worker.auth(api.http().get('/api/v1/calendar/days?from=2026-02-13&to=2026-02-16'));
    expect(res.status).toBe(200);
    const byDate = Object.fromEntries(res.body.days.map((d: { date: string }) => [d.date, d]));
    expect(byDate['2026-02-13']).toEqual(expect.objectContaining({ working: true, source: 'weekday-rule' }));
    expect(byDate['2026-02-14']).toEqual(
      expect.objectContaining({ working: true, kind: 'workday', source: 'official' }),
    );
    expect(byDate['2026-02-15']).toEqual(
      expect.objectContaining({ working: false, kind: 'holiday', source: 'official' }),
    );
  });

  it('computes due times in working time across the holiday, and in calendar time', async () => {
    // Fri 2026-02-13 17:00 (+08:00) + 2 working hours: 1 h that evening, the makeup Saturday's first hour.
    const working = await worker.auth(api.http().get('/api/v1/calendar/due?start=2026-02-13T09:00:00Z&seconds=7200'));
    expect(working.status).toBe(200);
    expect(working.body.due).toBe('2026-02-14T01:30:00.000Z');
    const calendar = await worker.auth(
      api.http().get('/api/v1/calendar/due?start=2026-02-13T09:00:00Z&seconds=7200&clock=calendar'),
    );
    expect(calendar.body.due).toBe('2026-02-13T11:00:00.000Z');
  });

  it('lets admins add and remove overrides, which the due times follow at once', async () => {
    // 2031-03-03 is a Monday (beyond the shipped official data): make it a holiday.
    const set = await admin
      .auth(api.http().put('/api/v1/calendar/days/2031-03-03'))
      .send({ kind: 'holiday', name: '测试假日' });
    expect(set.status).toBe(200);
    expect(set.body).toEqual(
      expect.objectContaining({ date: '2031-03-03', working: false, source: 'override', name: '测试假日' }),
    );
    // Fri 2031-02-28 17:00 +08:00 (09:00Z) + 2 h: Friday's last hour, then Tuesday 08:30-09:30 (Monday skipped).
    const due = await worker.auth(api.http().get('/api/v1/calendar/due?start=2031-02-28T09:00:00Z&seconds=7200'));
    expect(due.body.due).toBe('2031-03-04T01:30:00.000Z');
    const cleared = await admin.auth(api.http().delete('/api/v1/calendar/days/2031-03-03'));
    expect(cleared.status).toBe(200);
    expect(cleared.body.working).toBe(true);
    const again = await worker.auth(api.http().get('/api/v1/calendar/due?start=2031-02-28T09:00:00Z&seconds=7200'));
    expect(again.body.due).toBe('2031-03-03T01:30:00.000Z');
  });

  it('refuses non-admin changes (403) and bad dates (400)', async () => {
    expect(
      (await worker.auth(api.http().put('/api/v1/calendar/days/2031-03-03')).send({ kind: 'holiday' })).status,
    ).toBe(403);
    expect(
      (await admin.auth(api.http().put('/api/v1/calendar/days/2031-02-30')).send({ kind: 'holiday' })).status,
    ).toBe(400);
    expect((await admin.auth(api.http().put('/api/v1/calendar/days/2031-03-03')).send({ kind: 'rest' })).status).toBe(
      400,
    );
    expect((await worker.auth(api.http().get('/api/v1/calendar/days?from=2026-03-01&to=2026-02-01'))).status).toBe(400);
  });
});
