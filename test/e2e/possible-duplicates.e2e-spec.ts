import {
  createTestApi,
  createTestCity,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
  createRoster,
} from '../support/index.js';

/**
 * GET /tickets/possible-duplicates: the duplicate hints shown before filing — the same rule
 * as the `possibleDuplicates` of a filing answer, for a grid in the caller's scope.
 */

interface Hint {
  id: string;
  number: string;
  status: string;
  description: string;
  createdAt: string;
  distanceMetres: number | null;
}

interface Ticket {
  id: string;
  number: string;
  gridCode: string;
  possibleDuplicates: Hint[];
}

describe('tickets: possible duplicates before filing', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let supervisor: TestUser;
  let worker0: TestUser; // grids[0]
  let dispatcher0: TestUser; // community 0: grids 0–2
  let party0: TestUser; // community 0

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    ({
      gridWorker: worker0,
      dispatcher: dispatcher0,
      party: party0,
      supervisor,
      admin,
    } = await createRoster(api.app, city));
  });
  afterAll(() => api.close());

  const file = async (user: TestUser, body: object): Promise<Ticket> => {
    const res = await user.auth(api.http().post('/api/v1/tickets')).send(body);
    if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const check = (user: TestUser, query: Record<string, string | number>) =>
    user.auth(api.http().get('/api/v1/tickets/possible-duplicates')).query(query);
  const hints = async (user: TestUser, query: Record<string, string | number>): Promise<Hint[]> => {
    const res = await check(user, query);
    expect({ query, status: res.status }).toEqual({ query, status: 200 });
    expect(res.body).toEqual({ items: expect.any(Array), nextCursor: null });
    return res.body.items;
  };
  const near = (grid: string, dLng = 0, dLat = 0) => {
    const c = city.insideGrid.get(grid)!;
    return { lng: +(c.lng + dLng).toFixed(7), lat: +(c.lat + dLat).toFixed(7) };
  };

  it('lists open tickets of the same item and grid, for the grid worker and the dispatcher', async () => {
    const first = await file(worker0, { itemCode: 'B03', gridCode: city.grids[0], description: '物业费纠纷' });
    for (const user of [worker0, dispatcher0]) {
      expect(await hints(user, { itemCode: 'B03', gridCode: city.grids[0] })).toEqual([
        {
          id: first.id,
          number: first.number,
          status: 'submitted',
          description: '物业费纠纷',
          createdAt: expect.any(String),
          distanceMetres: null,
        },
      ]);
    }
  });

  it('gives the same hints as the filing answer that follows', async () => {
    await file(dispatcher0, { itemCode: 'D02', gridCode: city.grids[1], description: '证照代办 1' });
    await file(dispatcher0, { itemCode: 'D02', gridCode: city.grids[1], description: '证照代办 2' });
    const before = await hints(dispatcher0, { itemCode: 'D02', gridCode: city.grids[1] });
    expect(before).toHaveLength(2);
    const filed = await file(dispatcher0, { itemCode: 'D02', gridCode: city.grids[1], description: '证照代办 3' });
    expect(filed.possibleDuplicates.map((d) => d.id)).toEqual(before.map((d) => d.id));
  });

  it('no hits for other items or other grids', async () => {
    await file(worker0, { itemCode: 'B02', gridCode: city.grids[0], description: '家庭纠纷' });
    expect(await hints(worker0, { itemCode: 'D03', gridCode: city.grids[0] })).toEqual([]);
    expect(await hints(dispatcher0, { itemCode: 'B02', gridCode: city.grids[2] })).toEqual([]);
  });

  it('with a point: only tickets within 200 m (or not located), with their distance', async () => {
    const g = city.grids[2];
    const located = await file(dispatcher0, {
      itemCode: 'E01',
      description: '垃圾堆放',
      location: near(g, -0.0015, -0.0015),
    });
    const unlocated = await file(dispatcher0, { itemCode: 'E01', gridCode: g, description: '垃圾无位置' });
    const close = await hints(dispatcher0, { itemCode: 'E01', gridCode: g, ...near(g, -0.0012, -0.0015) });
    expect(close.map((h) => h.id).sort()).toEqual([located.id, unlocated.id].sort());
    const hit = close.find((h) => h.id === located.id)!;
    expect(hit.distanceMetres).toBeGreaterThan(10);
    expect(hit.distanceMetres).toBeLessThanOrEqual(200);
    expect(close.find((h) => h.id === unlocated.id)!.distanceMetres).toBeNull();
    // the far corner of the cell: > 400 m away, so only the unlocated one remains
    const far = await hints(dispatcher0, { itemCode: 'E01', gridCode: g, ...near(g, 0.0015, 0.0015) });
    expect(far.map((h) => h.id)).toEqual([unlocated.id]);
  });

  it('leaves out tickets that are no longer open', async () => {
    const t = await file(dispatcher0, { itemCode: 'D01', gridCode: city.grids[2], description: '困难帮扶' });
    expect((await hints(dispatcher0, { itemCode: 'D01', gridCode: city.grids[2] })).map((h) => h.id)).toEqual([t.id]);
    const rejected = await dispatcher0
      .auth(api.http().post(`/api/v1/tickets/${t.id}/reject`))
      .send({ reason: 'invalid', comment: '已核实无此情况' });
    expect(rejected.status).toBe(200);
    expect(await hints(dispatcher0, { itemCode: 'D01', gridCode: city.grids[2] })).toEqual([]);
  });

  it('a grid outside the caller’s scope, or no such grid → 404', async () => {
    const cases: [TestUser, string][] = [
      [worker0, city.grids[1]],
      [worker0, city.grids[6]],
      [dispatcher0, city.grids[3]],
      [dispatcher0, `${city.communities[0]}999`],
    ];
    for (const [user, gridCode] of cases) {
      expectApiError(await check(user, { itemCode: 'B01', gridCode }), 404, 'NOT_FOUND', `${user.role} → ${gridCode}`);
    }
  });

  it('party members, supervisors and admins → 403; no token → 401', async () => {
    for (const user of [party0, supervisor, admin]) {
      expectApiError(await check(user, { itemCode: 'B01', gridCode: city.grids[0] }), 403, 'FORBIDDEN', user.role);
    }
    const anonymous = await api
      .http()
      .get('/api/v1/tickets/possible-duplicates')
      .query({ itemCode: 'B01', gridCode: city.grids[0] });
    expectApiError(anonymous, 401, 'UNAUTHENTICATED');
  });

  it('bad parameters → 400 naming the field', async () => {
    const grid = city.grids[0];
    const { lng, lat } = near(grid);
    const cases: [string, Record<string, string | number>, string][] = [
      ['no itemCode', { gridCode: grid }, 'itemCode'],
      ['lower-case itemCode', { itemCode: 'b01', gridCode: grid }, 'itemCode'],
      ['no gridCode', { itemCode: 'B01' }, 'gridCode'],
      ['short gridCode', { itemCode: 'B01', gridCode: '12' }, 'gridCode'],
      ['lng 200', { itemCode: 'B01', gridCode: grid, lng: 200, lat }, 'lng'],
      ['lng as text', { itemCode: 'B01', gridCode: grid, lng: 'east', lat }, 'lng'],
      ['lat -91', { itemCode: 'B01', gridCode: grid, lng, lat: -91 }, 'lat'],
      ['lat without lng', { itemCode: 'B01', gridCode: grid, lat }, 'lng'],
      ['lng without lat', { itemCode: 'B01', gridCode: grid, lng }, 'lat'],
      ['unknown parameter', { itemCode: 'B01', gridCode: grid, radius: 500 }, 'radius'],
    ];
    for (const [what, query, field] of cases) {
      const res = await check(worker0, query);
      expectApiError(res, 400, 'VALIDATION_FAILED', what);
      const fields = (res.body.details as { field: string }[]).map((d) => d.field);
      expect({ what, fields }).toEqual({ what, fields: expect.arrayContaining([field]) });
    }
  });
});
