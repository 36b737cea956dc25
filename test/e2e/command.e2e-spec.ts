import { DataSource } from 'typeorm';
import {
  createRoster,
  createTestApi,
  createTestCity,
  createTestUser,
  expectApiError,
  must,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
} from '../support/index.js';

/** 指挥中心 (issue 19 item 6): open and late tickets by county and township now, and escalations as they come. */
describe('command view (指挥中心)', () => {
  let api: TestApi;
  let city: TestCity;
  let other: TestCity;
  let cityAdmin: TestUser;
  let countyAdmin: TestUser;
  let otherAdmin: TestUser;
  let supervisor: TestUser;
  let gridWorker: TestUser;
  const tickets = ticketClient(() => api);
  const ids: string[] = [];

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    other = await createTestCity(api.app);
    ({ admin: cityAdmin, supervisor, gridWorker } = await createRoster(api.app, city));
    countyAdmin = await createTestUser(api.app, 'admin', city.county);
    otherAdmin = await createTestUser(api.app, 'admin', other.county);
    const dispatcher = await createTestUser(api.app, 'dispatcher', city.townships[1]);
    const otherDispatcher = await createTestUser(api.app, 'dispatcher', other.townships[0]);
    // Township 1: three open tickets (one 超时, one 临期) and one rejected; township 2: one; the other city: one.
    for (const [user, grid] of [
      [gridWorker, city.grids[0]],
      [gridWorker, city.grids[0]],
      [gridWorker, city.grids[0]],
      [gridWorker, city.grids[0]],
      [dispatcher, city.grids[6]],
      [otherDispatcher, other.grids[0]],
    ] as const) {
      ids.push(
        must<{ id: string }>(
          await tickets.file(user, { itemCode: 'B01', gridCode: grid, description: '指挥中心' }),
          'file',
        ).id,
      );
    }
    const db = api.app.get(DataSource);
    await db.query(`UPDATE ticket SET overdue = true, warning = true WHERE id = $1`, [ids[0]]);
    await db.query(`UPDATE ticket SET warning = true WHERE id = $1`, [ids[1]]);
    must(await tickets.act(gridWorker, ids[3], 'reject', { reason: 'invalid', comment: '无效' }), 'reject');
  });
  afterAll(() => api.close());

  const openTickets = (user: TestUser, query: Record<string, string> = {}) =>
    user.auth(api.http().get('/api/v1/command/open-tickets').query(query));
  const escalations = (user: TestUser, query: Record<string, string | number> = {}) =>
    user.auth(api.http().get('/api/v1/command/escalations').query(query));

  it('counts the open tickets, 超时 and 临期, per township of a county admin’s county, most overdue first', async () => {
    const res = await openTickets(countyAdmin);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      scopeCode: city.county,
      by: 'township',
      total: { open: 4, overdue: 1, warning: 1 },
      rows: [
        { key: city.townships[0], name: `街道${city.townships[0]}`, open: 3, overdue: 1, warning: 1 },
        { key: city.townships[1], name: `街道${city.townships[1]}`, open: 1, overdue: 0, warning: 0 },
      ],
    });
  });

  it('gives a city admin its counties, and keeps a county admin to its county', async () => {
    const byCounty = await openTickets(cityAdmin, { by: 'county' });
    expect(byCounty.status).toBe(200);
    expect(byCounty.body.rows).toEqual([
      { key: city.county, name: `测试区${city.county}`, open: 4, overdue: 1, warning: 1 },
    ]);
    // Out of scope answers 404: the county admin asking for its city, or for another city's county.
    expectApiError(await openTickets(countyAdmin, { scopeCode: city.city }), 404, 'NOT_FOUND', 'the city');
    expectApiError(await openTickets(countyAdmin, { scopeCode: other.county }), 404, 'NOT_FOUND', 'other county');
    const others = await openTickets(otherAdmin, { by: 'county' });
    expect(others.body.total).toEqual({ open: 1, overdue: 0, warning: 0 });
  });

  it('refuses other roles (403) and bad queries (400) in the API.md shape', async () => {
    expectApiError(await openTickets(supervisor), 403, 'FORBIDDEN', 'supervisor');
    expectApiError(await escalations(gridWorker), 403, 'FORBIDDEN', 'grid worker');
    expectApiError(await openTickets(countyAdmin, { by: 'community' }), 400, 'VALIDATION_FAILED', 'by=community');
    expectApiError(await openTickets(countyAdmin, { scopeCode: 'x1' }), 400, 'VALIDATION_FAILED', 'scopeCode=x1');
    expectApiError(
      await openTickets(countyAdmin, { scopeCode: city.townships[0], by: 'county' }),
      400,
      'VALIDATION_FAILED',
      'a township by county',
    );
    expectApiError(await openTickets(countyAdmin, { extra: '1' }), 400, 'VALIDATION_FAILED', 'unknown field');
    expectApiError(await escalations(countyAdmin, { since: 'yesterday' }), 400, 'VALIDATION_FAILED', 'since');
    expectApiError(await escalations(countyAdmin, { limit: 0 }), 400, 'VALIDATION_FAILED', 'limit=0');
    expectApiError(await escalations(countyAdmin, { limit: 101 }), 400, 'VALIDATION_FAILED', 'limit=101');
  });

  it('lists escalations in scope as they come, newest first, and only later ones with since=', async () => {
    const before = await escalations(countyAdmin);
    expect(before.status).toBe(200);
    const seen = before.body.items as { at: string }[];
    must(await tickets.act(gridWorker, ids[2], 'escalate', { reason: '涉及多个部门，需上报' }), 'escalate');
    const res = await escalations(countyAdmin, seen.length ? { since: seen[0].at } : {});
    expect(res.status).toBe(200);
    expect(res.body.items).toEqual([
      {
        id: expect.any(String),
        ticketId: ids[2],
        number: expect.stringMatching(/^\d{14}$/),
        gridCode: city.grids[0],
        gridName: `网格${city.grids[0]}`,
        itemCode: 'B01',
        itemName: expect.any(String),
        kind: 'manual',
        fromLevel: 'grid',
        toLevel: 'community',
        reason: '涉及多个部门，需上报',
        at: expect.any(String),
      },
    ]);
    const newest = res.body.items[0].at as string;
    expect((await escalations(countyAdmin, { since: newest })).body.items).toEqual([]);
    expect(
      (await escalations(cityAdmin, { limit: 1 })).body.items.map((e: { ticketId: string }) => e.ticketId),
    ).toEqual([ids[2]]);
    // Another city's admin sees none of it.
    expect((await escalations(otherAdmin)).body.items).toEqual([]);
  });
});
