import { DataSource } from 'typeorm';
import { REFUSED_PUSH_RECORDS_PER_CALLER_DAY, shanghaiDate } from '@gridflow/domain';
import { RefusedPushesService } from '@gridflow/tickets';
import {
  createDepartmentStaff,
  createRoster,
  createTestApi,
  createTestCity,
  createTestDepartment,
  createTestUser,
  expectApiError,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
} from '../support/index.js';

interface Row {
  key: string;
  name: string | null;
  openTickets: number;
  handledTickets: number;
  workingHoursOnTickets: number;
  ticketsPerWeek: number;
  refusedPushes: number;
}

/**
 * 减负 (为马松绑、为车减重): refused pushes recorded with who tried, the burden per worker and
 * grid, the monthly trend and the list of refused pushes (API.md "Burden"; docs/burden.md).
 */
describe('burden (减负)', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let gridWorker: TestUser; // grids[0]
  let dispatcher: TestUser; // communities[0]
  let party: TestUser; // communities[0]
  let supervisor: TestUser; // townships[0]
  let admin: TestUser; // city
  let otherWorker: TestUser; // grids[1]
  let farWorker: TestUser; // grids[6], the other township
  let apiKey: { id: string; key: string };
  const today = shanghaiDate(new Date());
  const tickets = ticketClient(() => api);

  const get = (user: TestUser, path: string) => user.auth(api.http().get(`/api/v1${path}`));
  async function must(res: { status: number; body: { id: string } }, what: string) {
    if (res.status !== 200 && res.status !== 201) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
  // other test files share the run's database: this city's records only
  const refusedRows = async () =>
    (await db.query(`SELECT * FROM refused_push WHERE coalesce(grid_code, unit_code) LIKE $1 ORDER BY id`, [
      `${city.city}%`,
    ])) as Record<string, unknown>[];

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    db = api.app.get(DataSource);
    ({ gridWorker, dispatcher, party, supervisor, admin } = await createRoster(api.app, city));
    [otherWorker, farWorker] = await Promise.all([
      createTestUser(api.app, 'grid_worker', city.grids[1]),
      createTestUser(api.app, 'grid_worker', city.grids[6]),
    ]);
    // the roster of workers (名册): two grid workers of community 0, linked to their accounts
    for (const [user, name, grid] of [
      [gridWorker, '甲网格员', city.grids[0]],
      [otherWorker, '乙网格员', city.grids[1]],
    ] as const) {
      const res = await admin.auth(api.http().post('/api/v1/workers')).send({
        name,
        phone: '13800000000',
        type: 'full_time',
        gridCodes: [grid],
        partyMember: false,
        userId: user.id,
      });
      expect(res.status).toBe(201);
    }
    const key = await admin.auth(api.http().post('/api/v1/open311/keys')).send({ name: '减负测试客户端' });
    expect(key.status).toBe(201);
    apiKey = key.body;

    // T1 (grids[0]): dispatched to the party member, resolved, verified — handled, closed.
    const t1 = await must(
      await tickets.file(gridWorker, { itemCode: 'B01', gridCode: city.grids[0], description: '减负一' }),
      'T1',
    );
    await tickets.driveTo({ ...t1, status: 'submitted' }, 'verified', {
      desk: dispatcher,
      assignee: party,
      supervisor,
    });
    // T2 (grids[0]): dispatched to the party member and claimed — open, held.
    const t2 = await must(
      await tickets.file(gridWorker, { itemCode: 'B01', gridCode: city.grids[0], description: '减负二' }),
      'T2',
    );
    await tickets.driveTo({ ...t2, status: 'submitted' }, 'claimed', { desk: dispatcher, assignee: party });
    // T3 (grids[1]): just filed.
    await must(
      await tickets.file(otherWorker, { itemCode: 'B01', gridCode: city.grids[1], description: '减负三' }),
      'T3',
    );
    // T4 (grids[6], the other township): just filed.
    await must(
      await tickets.file(farWorker, { itemCode: 'B01', gridCode: city.grids[6], description: '减负四' }),
      'T4',
    );
  });
  afterAll(() => api.close());

  describe('refused pushes are recorded', () => {
    it('a staff filing of a matter outside the catalogue: 422, nothing filed, the attempt kept with who, which grid', async () => {
      const count = `SELECT count(*)::int AS n FROM ticket WHERE grid_code LIKE '${city.city}%'`;
      const before = await db.query(count);
      for (let i = 0; i < 2; i++) {
        const res = await tickets.file(gridWorker, {
          itemCode: 'Z99',
          gridCode: city.grids[0],
          description: '帮忙统计',
        });
        expectApiError(res, 422, 'ITEM_NOT_ADMITTED');
      }
      // the dispatcher aims at a point: the grid is found from it
      const at = city.insideGrid.get(city.grids[1])!;
      const res = await tickets.file(dispatcher, {
        itemCode: 'Y01',
        location: { lng: at.lng, lat: at.lat },
        description: '填报表格',
      });
      expectApiError(res, 422, 'ITEM_NOT_ADMITTED');
      expect((await db.query(count))[0].n).toBe(before[0].n);

      const rows = await refusedRows();
      expect(rows).toEqual([
        expect.objectContaining({
          day: expect.anything(),
          caller: `user:${gridWorker.id}`,
          channel: 'staff',
          user_id: gridWorker.id,
          role: 'grid_worker',
          department_code: null,
          item_code: 'Z99',
          item_status: 'unknown',
          grid_code: city.grids[0],
          attempts: 2,
        }),
        expect.objectContaining({
          caller: `user:${dispatcher.id}`,
          role: 'dispatcher',
          item_code: 'Y01',
          grid_code: city.grids[1],
          attempts: 1,
        }),
      ]);
    });

    it('residents, Open311 (by API key) and a department’s staff are recorded too', async () => {
      const pub = await api
        .http()
        .post('/api/v1/public/tickets')
        .send({ itemCode: 'Z98', description: '居民乱报', gridCode: city.grids[0] });
      expectApiError(pub, 422, 'ITEM_NOT_ADMITTED');
      const at = city.insideGrid.get(city.grids[1])!;
      const o311 = await api
        .http()
        .post('/open311/v2/requests.json')
        .type('form')
        .send({ api_key: apiKey.key, service_code: 'Z97', lat: String(at.lat), long: String(at.lng) });
      expect(o311.status).toBe(404);
      // Department staff do not file through the API (403); a push of theirs (e.g. through a
      // future channel) is recorded with their department — the recorder itself:
      const department = await createTestDepartment(api.app, city.county, '民政局');
      const staff = await createDepartmentStaff(api.app, department);
      await api.app.get(RefusedPushesService).record({
        actor: {
          id: staff.id,
          username: staff.username,
          displayName: staff.displayName,
          role: 'department_staff',
          scopeCode: staff.scopeCode,
          departmentCode: department,
        } as never,
        channel: 'staff',
        itemCode: 'X01',
        gridCode: city.grids[2],
      });

      const rows = await refusedRows();
      expect(rows).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ caller: 'channel:public', channel: 'public', user_id: null, item_code: 'Z98' }),
          expect.objectContaining({
            caller: `open311:${apiKey.id}`,
            channel: 'open311',
            api_key_id: apiKey.id,
            item_code: 'Z97',
            grid_code: city.grids[1],
          }),
          expect.objectContaining({
            role: 'department_staff',
            department_code: department,
            item_code: 'X01',
            grid_code: city.grids[2],
          }),
        ]),
      );

      // … and listed for the committee with who, which department, which key
      const list = await get(admin, `/stats/burden/refused-pushes?scopeCode=${city.communities[0]}`);
      expect(list.status).toBe(200);
      expect(list.body.truncated).toBe(false);
      expect(list.body.items).toEqual(
        expect.arrayContaining([
          expect.objectContaining({
            channel: 'staff',
            user: { id: gridWorker.id, name: gridWorker.displayName, role: 'grid_worker' },
            itemCode: 'Z99',
            itemName: null,
            itemStatus: 'unknown',
            gridCode: city.grids[0],
            attempts: 2,
          }),
          expect.objectContaining({ channel: 'open311', apiKey: { id: apiKey.id, name: '减负测试客户端' } }),
          expect.objectContaining({ department: { code: department, name: '民政局' }, itemCode: 'X01' }),
          expect.objectContaining({ channel: 'public', user: null, itemCode: 'Z98' }),
        ]),
      );
    });

    it('a flood from one caller grows counters, not the table (bounded rows per caller and day)', async () => {
      const flooder = await createTestUser(api.app, 'grid_worker', city.grids[3]);
      const recorder = api.app.get(RefusedPushesService);
      const actor = { id: flooder.id, role: 'grid_worker', scopeCode: city.grids[3] } as never;
      const attempts = REFUSED_PUSH_RECORDS_PER_CALLER_DAY + 20;
      for (let i = 0; i < attempts; i++) {
        await recorder.record({ actor, channel: 'staff', itemCode: `Q${1000 + i}`, gridCode: city.grids[3] });
      }
      // a huge, hostile code is cut to the column's bound
      await recorder.record({ actor, channel: 'staff', itemCode: 'Ω'.repeat(5000), gridCode: city.grids[3] });
      const [{ rows, total, longest }] = await db.query(
        `SELECT count(*)::int AS rows, sum(attempts)::int AS total, max(char_length(item_code))::int AS longest
         FROM refused_push WHERE user_id = $1`,
        [flooder.id],
      );
      expect(rows).toBe(REFUSED_PUSH_RECORDS_PER_CALLER_DAY + 1);
      expect(total).toBe(attempts + 1);
      expect(longest).toBeLessThanOrEqual(40);
      const [overflow] = await db.query(`SELECT * FROM refused_push WHERE user_id = $1 AND item_code = '*'`, [
        flooder.id,
      ]);
      expect(overflow).toEqual(expect.objectContaining({ item_status: 'other', attempts: 21 }));
      // through the API too: the staff filing route is not rate-limited, the table stays bounded
      for (let i = 0; i < 3; i++) {
        expectApiError(
          await tickets.file(flooder, { itemCode: `Q${9000 + i}`, gridCode: city.grids[3], description: '刷' }),
          422,
          'ITEM_NOT_ADMITTED',
        );
      }
      const [{ after }] = await db.query(`SELECT count(*)::int AS after FROM refused_push WHERE user_id = $1`, [
        flooder.id,
      ]);
      expect(after).toBe(REFUSED_PUSH_RECORDS_PER_CALLER_DAY + 1);
    });
  });

  describe('GET /stats/burden', () => {
    it('by grid: open, handled, tickets per week and refused pushes per grid of the scope, ordered by code', async () => {
      const res = await get(
        supervisor,
        `/stats/burden?scopeCode=${city.communities[0]}&by=grid&from=${today}&to=${today}`,
      );
      expect(res.status).toBe(200);
      expect(res.body).toEqual(
        expect.objectContaining({ scopeCode: city.communities[0], by: 'grid', from: today, to: today }),
      );
      const rows = res.body.rows as Row[];
      expect(rows.map((r) => r.key)).toEqual([city.grids[0], city.grids[1], city.grids[2]]);
      const [g0, g1, g2] = rows;
      expect(g0).toEqual({
        key: city.grids[0],
        name: expect.any(String),
        openTickets: 1, // T2 (T1 verified)
        handledTickets: 1, // T1 resolved today
        workingHoursOnTickets: expect.any(Number),
        ticketsPerWeek: 14, // 2 filed in one day
        refusedPushes: 3, // Z99 ×2 (grid worker), Z98 (resident)
      });
      expect(g1).toEqual(
        expect.objectContaining({ openTickets: 1, handledTickets: 0, ticketsPerWeek: 7, refusedPushes: 2 }),
      );
      expect(g2).toEqual(expect.objectContaining({ openTickets: 0, ticketsPerWeek: 0, refusedPushes: 1 }));
      for (const r of rows) expect(r.workingHoursOnTickets).toBeGreaterThanOrEqual(0);
    });

    it('by worker: what each worker holds and handled, ordered by name — never by volume', async () => {
      const res = await get(
        admin,
        `/stats/burden?scopeCode=${city.communities[0]}&by=worker&from=${today}&to=${today}`,
      );
      expect(res.status).toBe(200);
      const rows = res.body.rows as Row[];
      const byKey = new Map(rows.map((r) => [r.key, r]));
      expect(byKey.get(party.id)).toEqual(
        expect.objectContaining({ openTickets: 1, handledTickets: 1, ticketsPerWeek: 14, refusedPushes: 0 }),
      );
      // the grid worker's own grid had three refused pushes; the roster's name is shown
      expect(byKey.get(gridWorker.id)).toEqual(
        expect.objectContaining({ name: '甲网格员', openTickets: 0, handledTickets: 0, refusedPushes: 3 }),
      );
      expect(byKey.get(otherWorker.id)).toEqual(expect.objectContaining({ name: '乙网格员', refusedPushes: 2 }));
      // not the other township's worker, not department staff
      expect(byKey.has(farWorker.id)).toBe(false);
      expect(rows.every((r) => r.key !== dispatcher.id || r.openTickets === 0)).toBe(true);
      // the order is the names', whatever the figures
      const names = rows.map((r) => r.name ?? '');
      expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b, 'zh-CN')));
    });

    it('from/to: a period without anything answers zeros; the period is checked', async () => {
      const res = await get(
        admin,
        `/stats/burden?scopeCode=${city.communities[0]}&by=grid&from=2020-01-01&to=2020-01-31`,
      );
      expect(res.status).toBe(200);
      for (const r of res.body.rows as Row[]) {
        expect(r).toEqual(
          expect.objectContaining({
            openTickets: 0,
            handledTickets: 0,
            workingHoursOnTickets: 0,
            ticketsPerWeek: 0,
            refusedPushes: 0,
          }),
        );
      }
      const workers = await get(
        admin,
        `/stats/burden?scopeCode=${city.communities[0]}&by=worker&from=2020-01-01&to=2020-01-31`,
      );
      expect(workers.status).toBe(200);
      for (const r of workers.body.rows as Row[]) expect(r.handledTickets + r.openTickets + r.refusedPushes).toBe(0);
    });

    it('scope: the caller’s own by default, a unit inside it, never outside (404)', async () => {
      const own = await get(supervisor, `/stats/burden?by=grid&from=${today}&to=${today}`);
      expect(own.status).toBe(200);
      expect(own.body.scopeCode).toBe(city.townships[0]);
      expect((own.body.rows as Row[]).map((r) => r.key)).not.toContain(city.grids[6]);
      expectApiError(await get(supervisor, `/stats/burden?scopeCode=${city.townships[1]}&by=grid`), 404, 'NOT_FOUND');
      expectApiError(await get(supervisor, `/stats/burden/trend?scopeCode=${city.grids[6]}`), 404, 'NOT_FOUND');
      expectApiError(
        await get(supervisor, `/stats/burden/refused-pushes?scopeCode=${city.townships[1]}`),
        404,
        'NOT_FOUND',
      );
      const cityWide = await get(admin, `/stats/burden?scopeCode=${city.city}&by=grid&from=${today}&to=${today}`);
      expect((cityWide.body.rows as Row[]).find((r) => r.key === city.grids[6])).toEqual(
        expect.objectContaining({ openTickets: 1, ticketsPerWeek: 7 }),
      );
    });

    it('wrong role → 403; no token → 401', async () => {
      for (const user of [dispatcher, gridWorker, party]) {
        for (const path of ['/stats/burden?by=grid', '/stats/burden/trend', '/stats/burden/refused-pushes']) {
          expectApiError(await get(user, path), 403, 'FORBIDDEN', `${user.role} ${path}`);
        }
      }
      expectApiError(await api.http().get('/api/v1/stats/burden?by=grid'), 401, 'UNAUTHENTICATED');
    });

    it('bad parameters → 400', async () => {
      const bad = [
        '/stats/burden',
        '/stats/burden?by=volume',
        '/stats/burden?by=grid&from=2026-13-01',
        '/stats/burden?by=grid&from=2026-02-30',
        '/stats/burden?by=grid&from=2026-03-01&to=2026-02-01',
        '/stats/burden?by=grid&from=2020-01-01&to=2026-01-01',
        '/stats/burden?by=grid&scopeCode=abc',
        `/stats/burden?by=grid&scopeCode=${'1'.repeat(500)}`,
        '/stats/burden?by=grid&sort=openTickets',
        '/stats/burden/trend?months=0',
        '/stats/burden/trend?months=37',
        '/stats/burden/trend?months=twelve',
        '/stats/burden/refused-pushes?from=yesterday',
      ];
      for (const path of bad) expectApiError(await get(admin, path), 400, 'VALIDATION_FAILED', path);
    });
  });

  describe('GET /stats/burden/trend', () => {
    it('per month: open tickets at the month’s end, tickets per worker per week, refused pushes', async () => {
      const res = await get(supervisor, `/stats/burden/trend?scopeCode=${city.communities[0]}&months=3`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ scopeCode: city.communities[0], months: 3, workers: 2 }));
      const points = res.body.points as {
        month: string;
        openTickets: number;
        ticketsFiled: number;
        ticketsPerWorkerPerWeek: number | null;
        refusedPushes: number;
      }[];
      expect(points.map((p) => p.month)).toHaveLength(3);
      expect(points[2].month).toBe(today.slice(0, 7));
      expect(points[0].month < points[1].month && points[1].month < points[2].month).toBe(true);
      const now = points[2];
      expect(now.openTickets).toBe(2); // T2, T3
      expect(now.ticketsFiled).toBe(3);
      expect(now.ticketsPerWorkerPerWeek).toBeGreaterThan(0);
      // the flooder's grid (grids[3]) is community 1's: 3 + 2 + 1 here
      expect(now.refusedPushes).toBe(6);
      for (const p of points.slice(0, 2)) {
        expect(p).toEqual(expect.objectContaining({ openTickets: 0, ticketsFiled: 0, refusedPushes: 0 }));
      }
      const twelve = await get(admin, '/stats/burden/trend');
      expect(twelve.status).toBe(200);
      expect(twelve.body.points).toHaveLength(12);
    });
  });
});
