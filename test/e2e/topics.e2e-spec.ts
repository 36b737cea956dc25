import { randomInt } from 'node:crypto';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { shanghaiDate } from '@gridflow/domain';
import {
  binaryParser,
  createRoster,
  createTestApi,
  createTestCity,
  createTestUser,
  expectApiError,
  type Roster,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';

interface TicketSpec {
  item: string;
  grid: string;
  at?: { lng: number; lat: number } | null;
  address?: string | null;
  daysAgo?: number;
  phoneMask?: string | null;
  name?: string | null;
  rework?: number;
  satisfaction?: string | null;
}

/** Governance topics (未诉先办, 每月一题): detection, idempotency, thresholds, adopt/close, the report. */
describe('governance topics', () => {
  let api: TestApi;
  let city: TestCity;
  let db: DataSource;
  let staff: Roster;
  let otherSupervisor: TestUser;
  let serial = 0;

  /** Tickets as the journal leaves them, inserted directly with the filing time the case needs. */
  async function insertTickets(specs: TicketSpec[]): Promise<string[]> {
    const ids: string[] = [];
    for (const s of specs) {
      const n = `${randomInt(10_000, 99_999)}${String(process.pid % 1000).padStart(3, '0')}${String(++serial).padStart(6, '0')}`;
      const [row] = await db.query(
        `INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel,
           location_lng, location_lat, location_address, reporter_phone_mask, reporter_name, rework_count, satisfaction,
           created_at, updated_at)
         VALUES ($1, $2, 'submitted', $3, $4, '专题测试', 'staff', $5, $6, $7, $8, $9, $10, $11,
                 now() - make_interval(secs => $12), now())
         RETURNING id`,
        [
          n.slice(0, 14),
          `TP${n}`,
          s.item,
          s.grid,
          s.at?.lng ?? null,
          s.at?.lat ?? null,
          s.address ?? null,
          s.phoneMask ?? null,
          s.name ?? null,
          s.rework ?? 0,
          s.satisfaction ?? null,
          Math.round((s.daysAgo ?? 1) * 86_400),
        ],
      );
      ids.push(row.id);
    }
    return ids;
  }

  /** A point `east` and `north` metres from the centre of a grid. */
  function near(grid: string, east: number, north: number) {
    const c = city.insideGrid.get(grid)!;
    return { lng: c.lng + east / (111_320 * Math.cos((c.lat * Math.PI) / 180)), lat: c.lat + north / 110_540 };
  }

  const detect = async (user: TestUser = staff.admin) => {
    const res = await user.auth(api.http().post('/api/v1/topics/detect').query({ scopeCode: city.city }));
    expect(res.status).toBe(200);
    return res.body as {
      created: number;
      grown: number;
      linked: number;
      found: Record<string, number>;
      tookMs: number;
    };
  };
  const list = async (query: Record<string, string>, user: TestUser = staff.admin) => {
    const res = await user.auth(
      api
        .http()
        .get('/api/v1/topics')
        .query({ scopeCode: city.city, ...query }),
    );
    expect(res.status).toBe(200);
    return res.body.items as {
      id: string;
      kind: string;
      itemCode: string;
      ticketCount: number;
      lastAt: string;
      gridCodes: string[];
      center: { lng: number; lat: number } | null;
      status: string;
      title: string;
      scopeCode: string;
    }[];
  };
  const topicsOf = async (kind: string, item: string) =>
    (await list({ kind })).filter((t) => t.itemCode === item && t.status !== 'closed');

  beforeAll(async () => {
    api = await createTestApi();
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    staff = await createRoster(api.app, city);
    otherSupervisor = await createTestUser(api.app, 'supervisor', city.townships[1]);
  });

  afterAll(async () => {
    await db.query(`DELETE FROM topic_threshold WHERE category_code = 'C'`);
    await api.close();
  });

  let clusterId: string;

  it('finds a cluster of one matter and grows the same topic on re-detection, never a second one', async () => {
    const g = city.grids[0];
    const first = await insertTickets(
      [0, 1, 2, 3, 4].map((i) => ({
        item: 'E01',
        grid: g,
        at: near(g, i * 25, i * 10),
        daysAgo: 5 - i * 0.5,
        phoneMask: `138****00${i}0`,
        name: `居民${i}`,
      })),
    );
    // far away (2 km) and old (outside the 30-day window): not part of it
    await insertTickets([
      { item: 'E01', grid: g, at: near(g, 2000, 0), daysAgo: 2 },
      { item: 'E01', grid: g, at: near(g, 30, 0), daysAgo: 45 },
    ]);
    await detect();
    const [topic, ...more] = await topicsOf('cluster', 'E01');
    expect(more).toEqual([]);
    expect(topic).toMatchObject({ kind: 'cluster', itemCode: 'E01', ticketCount: 5, gridCodes: [g], status: 'open' });
    expect(topic.scopeCode).toBe(g);
    expect(topic.center!.lng).toBeCloseTo(near(g, 50, 20).lng, 4);
    clusterId = topic.id;

    const later = await insertTickets(
      [0, 1].map((i) => ({
        item: 'E01',
        grid: g,
        at: near(g, 110 + i * 20, 40),
        daysAgo: 0.1,
        phoneMask: `139****00${i}1`,
        name: `新居民${i}`,
      })),
    );
    const second = await detect();
    expect(second.linked).toBeGreaterThanOrEqual(0);
    const grown = await topicsOf('cluster', 'E01');
    expect(grown.map((t) => t.id)).toEqual([clusterId]);
    expect(grown[0].ticketCount).toBe(7);
    expect(Date.parse(grown[0].lastAt)).toBeGreaterThan(Date.parse(topic.lastAt));

    const detail = await staff.admin.auth(api.http().get(`/api/v1/topics/${clusterId}`));
    expect(detail.status).toBe(200);
    expect(detail.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual([...first, ...later].sort());
    expect(detail.body.peopleCount).toBe(7);

    // nothing new: the third run changes nothing
    const third = await detect();
    expect(third).toMatchObject({ linked: 0, created: 0, grown: 0 });
    expect((await topicsOf('cluster', 'E01')).map((t) => t.ticketCount)).toEqual([7]);
  });

  it('finds one address reported again and again, the same once normalised (full width, spaces)', async () => {
    const g = city.grids[2];
    const ids = await insertTickets([
      {
        item: 'E02',
        grid: g,
        at: near(g, 0, 0),
        address: '幸福路１２号',
        daysAgo: 20,
        phoneMask: '137****1111',
        name: '张',
      },
      {
        item: 'E02',
        grid: g,
        at: near(g, 900, 0),
        address: '幸福路 12号',
        daysAgo: 10,
        phoneMask: '137****1111',
        name: '张',
      },
      { item: 'E02', grid: g, at: null, address: '幸福路12号　', daysAgo: 3, phoneMask: '137****1111', name: '张' },
      // another address: not part of it
      { item: 'E02', grid: g, at: null, address: '幸福路14号', daysAgo: 3 },
    ]);
    await detect();
    const topics = await topicsOf('repeat_address', 'E02');
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ ticketCount: 3, gridCodes: [g] });
    expect(topics[0].title).toContain('幸福路');
    const detail = await staff.admin.auth(api.http().get(`/api/v1/topics/${topics[0].id}`));
    expect(detail.body.tickets.map((t: { id: string }) => t.id).sort()).toEqual(ids.slice(0, 3).sort());
    expect(detail.body.peopleCount).toBe(1);
  });

  it('finds a point reported again and again without an address (within a few metres)', async () => {
    const g = city.grids[1];
    await insertTickets([0, 1, 2].map((i) => ({ item: 'D03', grid: g, at: near(g, 300, 300 + i), daysAgo: 2 + i })));
    await detect();
    const topics = await topicsOf('repeat_address', 'D03');
    expect(topics.map((t) => t.ticketCount)).toEqual([3]);
  });

  let reworkId: string;

  it('finds a rework and dissatisfaction hot spot of a grid and item', async () => {
    const g = city.grids[1];
    await insertTickets([
      { item: 'B01', grid: g, rework: 1, daysAgo: 30 },
      { item: 'B01', grid: g, satisfaction: 'dissatisfied', daysAgo: 20 },
      { item: 'B01', grid: g, rework: 2, satisfaction: 'dissatisfied', daysAgo: 2 },
      { item: 'B01', grid: g, satisfaction: 'satisfied', daysAgo: 2 },
      // another grid's: not this hot spot (and alone, not one of its own)
      { item: 'B01', grid: city.grids[2], rework: 1, daysAgo: 2 },
    ]);
    await detect();
    const topics = await topicsOf('rework', 'B01');
    expect(topics).toHaveLength(1);
    expect(topics[0]).toMatchObject({ ticketCount: 3, gridCodes: [g], center: null });
    reworkId = topics[0].id;
  });

  it('applies the thresholds of the item’s category, which an admin sets', async () => {
    const g = city.grids[3];
    await insertTickets([0, 1].map((i) => ({ item: 'C01', grid: g, at: near(g, i * 120, 0), daysAgo: 1 })));
    await detect();
    expect(await topicsOf('cluster', 'C01')).toEqual([]);

    const before = await staff.admin.auth(api.http().get('/api/v1/topic-thresholds'));
    expect(before.status).toBe(200);
    const c = before.body.items.find((i: { categoryCode: string }) => i.categoryCode === 'C');
    expect(c).toMatchObject({ custom: false, clusterMinTickets: 3 });
    const e = before.body.items.find((i: { categoryCode: string }) => i.categoryCode === 'E');
    expect(e).toMatchObject({ clusterMinTickets: 5, clusterRadiusM: 300 });

    const { categoryCode: _c, categoryName: _n, custom: _x, ...values } = c;
    const put = await staff.admin.auth(
      api
        .http()
        .put('/api/v1/topic-thresholds/C')
        .send({ ...values, clusterMinTickets: 2 }),
    );
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ categoryCode: 'C', custom: true, clusterMinTickets: 2 });
    await detect();
    expect((await topicsOf('cluster', 'C01')).map((t) => t.ticketCount)).toEqual([2]);
    // category E kept its own: two E03 tickets are not a cluster
    await insertTickets([0, 1].map((i) => ({ item: 'E03', grid: g, at: near(g, i * 50, 300), daysAgo: 1 })));
    await detect();
    expect(await topicsOf('cluster', 'E03')).toEqual([]);
  });

  it('refuses bad thresholds, unknown categories and anyone but an admin', async () => {
    const good = {
      clusterMinTickets: 5,
      clusterRadiusM: 300,
      clusterWindowDays: 30,
      repeatMinTickets: 3,
      repeatRadiusM: 15,
      repeatWindowDays: 90,
      reworkMinTickets: 3,
      reworkWindowDays: 90,
    };
    const put = (body: object, user: TestUser = staff.admin, cat = 'C') =>
      user.auth(api.http().put(`/api/v1/topic-thresholds/${cat}`).send(body));
    expectApiError(await put({ ...good, clusterMinTickets: 1 }), 400, 'VALIDATION_FAILED');
    expectApiError(await put({ ...good, clusterRadiusM: 1e9 }), 400, 'VALIDATION_FAILED');
    expectApiError(await put({ ...good, clusterWindowDays: 2.5 }), 400, 'VALIDATION_FAILED');
    expectApiError(await put({ ...good, repeatRadiusM: '15' }), 400, 'VALIDATION_FAILED');
    expectApiError(await put({ ...good, extra: 1 }), 400, 'VALIDATION_FAILED');
    const { reworkWindowDays: _, ...missing } = good;
    expectApiError(await put(missing), 400, 'VALIDATION_FAILED');
    expectApiError(await put(good, staff.admin, 'Z'), 404, 'NOT_FOUND');
    expectApiError(await put(good, staff.admin, 'lower'), 404, 'NOT_FOUND');
    expectApiError(await put(good, staff.supervisor), 403, 'FORBIDDEN');
    expectApiError(await staff.supervisor.auth(api.http().get('/api/v1/topic-thresholds')), 403, 'FORBIDDEN');
    // the refused writes changed nothing
    const now = await staff.admin.auth(api.http().get('/api/v1/topic-thresholds'));
    expect(now.body.items.find((i: { categoryCode: string }) => i.categoryCode === 'C').clusterMinTickets).toBe(2);
  });

  it('two detections at once open a topic once', async () => {
    const g = city.grids[4];
    await insertTickets([0, 1, 2, 3, 4].map((i) => ({ item: 'E01', grid: g, at: near(g, i * 30, 0), daysAgo: 1 })));
    const [a, b] = await Promise.all([detect(), detect()]);
    expect(a.created + b.created).toBeLessThanOrEqual(1);
    const topics = (await topicsOf('cluster', 'E01')).filter((t) => t.gridCodes.includes(g));
    expect(topics.map((t) => t.ticketCount)).toEqual([5]);
    const [{ dup }] = await db.query(
      `SELECT count(*)::int AS dup FROM (SELECT kind, anchor FROM topic WHERE status <> 'closed' GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    expect(dup).toBe(0);
    const [{ twice }] = await db.query(
      `SELECT count(*)::int AS twice FROM (SELECT ticket_id, kind FROM topic_ticket WHERE active GROUP BY 1, 2 HAVING count(*) > 1) d`,
    );
    expect(twice).toBe(0);
  });

  it('lists topics scope-limited, with filters and keyset pages', async () => {
    const all = await list({});
    expect(all.length).toBeGreaterThanOrEqual(6);
    const page1 = await staff.admin.auth(api.http().get('/api/v1/topics').query({ scopeCode: city.city, limit: 2 }));
    expect(page1.body.items).toHaveLength(2);
    const page2 = await staff.admin.auth(
      api.http().get('/api/v1/topics').query({ scopeCode: city.city, limit: 2, cursor: page1.body.nextCursor }),
    );
    expect(page2.status).toBe(200);
    expect(page2.body.items[0].id).toBe(all[2].id);
    // the dispatcher of community 1 sees the topics of its grids only
    const mine = await list({}, staff.dispatcher).catch(() => []);
    expect(mine).toEqual([]); // scopeCode: the city is outside the dispatcher's scope → an empty page
    const res = await staff.dispatcher.auth(api.http().get('/api/v1/topics'));
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeGreaterThan(0);
    expect(
      res.body.items.every((t: { gridCodes: string[] }) => t.gridCodes.some((c) => c.startsWith(city.communities[0]))),
    ).toBe(true);
    expectApiError(
      await staff.admin.auth(api.http().get('/api/v1/topics').query({ status: 'bogus' })),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(
      await staff.admin.auth(api.http().get('/api/v1/topics').query({ kind: 'x' })),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(
      await staff.admin.auth(api.http().get('/api/v1/topics').query({ cursor: 'bm9wZQ' })),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(await staff.gridWorker.auth(api.http().get('/api/v1/topics')), 403, 'FORBIDDEN');
    expectApiError(await api.http().get('/api/v1/topics'), 401, 'UNAUTHENTICATED');
  });

  it('adopts a topic with a lead unit and a due date, then closes it with a result; state errors are 409', async () => {
    const adopt = (body: object, user: TestUser = staff.supervisor, id = clusterId) =>
      user.auth(api.http().post(`/api/v1/topics/${id}/adopt`).send(body));
    const due = new Date(Date.now() + 30 * 86_400_000).toISOString();
    expectApiError(
      await adopt({ leadUnitCode: city.communities[0], dueAt: '2020-01-01T00:00:00Z' }),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(await adopt({ leadUnitCode: city.communities[0], dueAt: 'next week' }), 400, 'VALIDATION_FAILED');
    expectApiError(await adopt({ leadUnitCode: city.communities[0] }), 400, 'VALIDATION_FAILED');
    expectApiError(await adopt({ leadUnitCode: city.communities[2], dueAt: due }), 400, 'VALIDATION_FAILED');
    expectApiError(await adopt({ leadUnitCode: '999999999999', dueAt: due }), 400, 'VALIDATION_FAILED');
    expectApiError(await adopt({ leadUnitCode: city.communities[0], dueAt: due }, staff.dispatcher), 403, 'FORBIDDEN');
    expectApiError(await adopt({ leadUnitCode: city.communities[0], dueAt: due }, otherSupervisor), 404, 'NOT_FOUND');
    expectApiError(
      await adopt({ leadUnitCode: city.communities[0], dueAt: due }, staff.supervisor, 'not-a-uuid'),
      400,
      'VALIDATION_FAILED',
    );

    const ok = await adopt({ leadUnitCode: city.communities[0], dueAt: due, note: '社区牵头，城管配合' });
    expect(ok.status).toBe(200);
    expect(ok.body).toMatchObject({
      status: 'adopted',
      leadUnitCode: city.communities[0],
      dueAt: due,
      note: '社区牵头，城管配合',
    });
    expectApiError(await adopt({ leadUnitCode: city.communities[0], dueAt: due }), 409, 'STATE_CONFLICT');

    // an adopted topic still grows
    const g = city.grids[0];
    await insertTickets([{ item: 'E01', grid: g, at: near(g, 60, 30), daysAgo: 0.05 }]);
    await detect();
    const [grown] = await topicsOf('cluster', 'E01').then((ts) => ts.filter((t) => t.id === clusterId));
    expect(grown).toMatchObject({ status: 'adopted', ticketCount: 8 });

    const close = (body: object, user: TestUser = staff.supervisor, id = clusterId) =>
      user.auth(api.http().post(`/api/v1/topics/${id}/close`).send(body));
    expectApiError(await close({ result: '' }), 400, 'VALIDATION_FAILED');
    expectApiError(await close({ result: 'x'.repeat(4001) }), 400, 'VALIDATION_FAILED');
    expectApiError(await close({ result: '已整治' }, staff.dispatcher), 403, 'FORBIDDEN');
    const closed = await close({ result: '增设垃圾收集点，建立每日巡查' });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({ status: 'closed', result: '增设垃圾收集点，建立每日巡查' });
    expectApiError(await close({ result: '再次' }), 409, 'STATE_CONFLICT');
    expectApiError(await adopt({ leadUnitCode: city.communities[0], dueAt: due }), 409, 'STATE_CONFLICT');
  });

  it('a closed topic releases its tickets: re-detection does not reopen it; the problem coming back opens a new one', async () => {
    const closed = await staff.admin.auth(
      api.http().post(`/api/v1/topics/${reworkId}/close`).send({ result: '已回访整改' }),
    );
    expect(closed.status).toBe(200);
    await detect();
    expect(await topicsOf('rework', 'B01')).toEqual([]);
    const g = city.grids[1];
    await insertTickets([0, 1, 2].map(() => ({ item: 'B01', grid: g, satisfaction: 'dissatisfied', daysAgo: 0.5 })));
    await detect();
    const again = await topicsOf('rework', 'B01');
    expect(again).toHaveLength(1);
    expect(again[0].id).not.toBe(reworkId);
    expect(again[0].ticketCount).toBe(3);
  });

  it('hides topics out of scope and answers unknown ones 404', async () => {
    const out = await otherSupervisor.auth(api.http().get(`/api/v1/topics/${clusterId}`));
    expectApiError(out, 404, 'NOT_FOUND');
    expectApiError(await staff.admin.auth(api.http().get(`/api/v1/topics/${crypto.randomUUID()}`)), 404, 'NOT_FOUND');
    expectApiError(await staff.admin.auth(api.http().get('/api/v1/topics/abc')), 400, 'VALIDATION_FAILED');
    const elsewhere = await otherSupervisor.auth(
      api.http().get('/api/v1/topics').query({ scopeCode: city.townships[0] }),
    );
    expect(elsewhere.body.items).toEqual([]);
    expectApiError(await staff.dispatcher.auth(api.http().post('/api/v1/topics/detect')), 403, 'FORBIDDEN');
    expectApiError(await staff.supervisor.auth(api.http().post('/api/v1/topics/detect')), 403, 'FORBIDDEN');
    expectApiError(
      await staff.admin.auth(api.http().post('/api/v1/topics/detect').query({ scopeCode: '1111' })),
      404,
      'NOT_FOUND',
    );
  });

  it('每月一题: the month’s topics as a workbook ranked by people affected, then dissatisfaction', async () => {
    const month = shanghaiDate(new Date()).slice(0, 7);
    const res = await staff.admin
      .auth(api.http().get('/api/v1/topics/monthly-report').query({ month, scopeCode: city.city }))
      .buffer(true)
      .parse(binaryParser);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.body as never);
    const ws = wb.worksheets[0];
    const headers = (ws.getRow(1).values as unknown[]).slice(1);
    expect(headers.slice(0, 3)).toEqual(['排名', '专题', '类型']);
    const rows: Record<string, unknown>[] = [];
    ws.eachRow((row, n) => {
      if (n > 1) rows.push(Object.fromEntries(headers.map((h, i) => [h as string, (row.values as unknown[])[i + 1]])));
    });
    expect(rows.length).toBeGreaterThanOrEqual(5);
    const people = rows.map((r) => Number(r['涉及人数']));
    expect(people).toEqual([...people].sort((a, b) => b - a));
    expect(rows[0]['类型']).toBe('聚集多发');
    // ties on people are broken by dissatisfaction
    for (let i = 1; i < rows.length; i++) {
      if (people[i] === people[i - 1])
        expect(Number(rows[i - 1]['不满意件数'])).toBeGreaterThanOrEqual(Number(rows[i]['不满意件数']));
    }
    expectApiError(
      await staff.admin.auth(api.http().get('/api/v1/topics/monthly-report').query({ month: '2026-13' })),
      400,
      'VALIDATION_FAILED',
    );
    expectApiError(await staff.admin.auth(api.http().get('/api/v1/topics/monthly-report')), 400, 'VALIDATION_FAILED');
    expectApiError(
      await otherSupervisor.auth(
        api.http().get('/api/v1/topics/monthly-report').query({ month, scopeCode: city.townships[0] }),
      ),
      404,
      'NOT_FOUND',
    );
  });
});
