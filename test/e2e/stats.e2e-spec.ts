import ExcelJS from 'exceljs';
import { shanghaiDate } from '@gridflow/domain';
import { StatsService } from '@gridflow/stats';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  ticketClient,
  createRoster,
} from '../support/index.js';

/** The assessment figures (三率) on a crafted set of tickets, against hand-computed values. */
describe('statistics', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let supervisor: TestUser;
  let dispatcher: TestUser;
  let gridWorker: TestUser;
  let party: TestUser;
  const ids: string[] = [];
  const today = shanghaiDate(new Date());

  const ticketApi = ticketClient(() => api);
  async function file(grid: string, by: TestUser = gridWorker) {
    const res = await ticketApi.file(by, { itemCode: 'B01', gridCode: grid, description: '统计测试' });
    expect(res.status).toBe(201);
    ids.push(res.body.id);
    return res.body.id as string;
  }
  async function act(user: TestUser, id: string, action: string, body: object = {}) {
    const res = await ticketApi.act(user, id, action, body);
    expect({ action, status: res.status }).toEqual({ action, status: 200 });
  }

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    ({ gridWorker, dispatcher, party, supervisor, admin } = await createRoster(api.app, city));
    const otherWorker = await createTestUser(api.app, 'grid_worker', city.grids[1]);
    const farWorker = await createTestUser(api.app, 'grid_worker', city.grids[6]);

    // T1: the whole flow in time, a very satisfied callback, archived.
    const t1 = await file(city.grids[0]);
    await act(gridWorker, t1, 'accept');
    await act(dispatcher, t1, 'dispatch', { assigneeId: party.id });
    await act(party, t1, 'claim');
    await act(party, t1, 'resolve', { result: '已解决' });
    await act(supervisor, t1, 'verify', { outcome: 'pass', satisfaction: 'very_satisfied' });
    await act(supervisor, t1, 'archive');
    // T2: resolved in time, sent back for rework with a dissatisfied callback (open again).
    const t2 = await file(city.grids[0]);
    await act(gridWorker, t2, 'accept');
    await act(dispatcher, t2, 'dispatch', { assigneeId: party.id });
    await act(party, t2, 'claim');
    await act(party, t2, 'resolve', { result: '处理完毕' });
    await act(supervisor, t2, 'verify', { outcome: 'rework', satisfaction: 'dissatisfied' });
    // T3: rejected in another grid of the same community.
    const t3 = await file(city.grids[1], otherWorker);
    await act(otherWorker, t3, 'reject', { reason: 'invalid', comment: '信息不实' });
    // T4: just filed, in another township.
    await file(city.grids[6], farWorker);

    const stats = api.app.get(StatsService);
    // The worker does this after every event; here directly, twice, to show it is idempotent.
    for (const id of [...ids, ...ids]) await stats.refreshTicket(id);
  });
  afterAll(() => api.close());

  const get = (user: TestUser, path: string) => user.auth(api.http().get(`/api/v1${path}`));

  it('computes the overview of a city exactly as DOMAIN.md defines it', async () => {
    const res = await get(admin, `/stats/overview?scopeCode=${city.city}&from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        submitted: 4,
        open: 2, // T2 (dispatched again) and T4
        overdue: 0,
        warning: 0,
        verified: 1,
        archived: 1,
        rejected: 1,
        escalations: 0,
        responseRate: 0.5, // T1, T2 accepted in time / 4 submitted
        onTimeRate: 1, // both resolutions in time
        resolutionRate: 0.5, // T1 verified / T1, T3 closed
        satisfactionRate: 0.5, // one of two callbacks satisfied
        reworkRate: 0.5, // one rework of two verification decisions
      }),
    );
  });

  it('breaks the figures down by community, grid and worker', async () => {
    const byCommunity = await get(
      admin,
      `/stats/breakdown?scopeCode=${city.city}&by=community&from=${today}&to=${today}`,
    );
    expect(byCommunity.status).toBe(200);
    const c0 = byCommunity.body.rows.find((r: { key: string }) => r.key === city.communities[0]);
    expect(c0).toEqual(expect.objectContaining({ submitted: 3, rejected: 1, verified: 1, resolutionRate: 0.5 }));
    expect(c0.name).toBeTruthy();

    const byGrid = await get(supervisor, `/stats/breakdown?by=grid&from=${today}&to=${today}`);
    expect(byGrid.status).toBe(200);
    expect(byGrid.body.rows.map((r: { key: string; submitted: number }) => [r.key, r.submitted])).toEqual([
      [city.grids[0], 2],
      [city.grids[1], 1],
    ]);

    const byWorker = await get(supervisor, `/stats/breakdown?by=worker&from=${today}&to=${today}`);
    expect(byWorker.body.rows).toEqual([
      expect.objectContaining({ key: party.id, resolved: 2, onTimeRate: 1, satisfactionRate: 0.5 }),
    ]);
  });

  it('exports a breakdown as a valid xlsx with Chinese headers', async () => {
    const res = await get(admin, `/stats/breakdown.xlsx?scopeCode=${city.city}&by=grid&from=${today}&to=${today}`)
      .buffer(true)
      .parse((response, callback) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () => callback(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const workbook = new ExcelJS.Workbook();
    // exceljs types want an ArrayBuffer-backed Buffer; a Node Buffer is what it reads.
    await workbook.xlsx.load(res.body as never);
    const sheet = workbook.worksheets[0];
    expect(sheet.getRow(1).getCell(1).value).toBe('编码');
    expect(sheet.getRow(1).getCell(13).value).toBe('解决率(%)');
    const rows = sheet.getSheetValues().slice(2) as unknown[][];
    expect(rows.map((r) => [r[1], r[3]])).toEqual([
      [city.grids[0], 2],
      [city.grids[1], 1],
      [city.grids[6], 1],
    ]);
  });

  it('ranks by quality, never by count', async () => {
    const res = await get(admin, `/stats/rankings?scopeCode=${city.city}&by=grid&from=${today}&to=${today}`);
    expect(res.status).toBe(200);
    expect(res.body.weights).toEqual({ response: 0.1, resolution: 0.5, satisfaction: 0.4 });
    // grid 0: response 1, resolution 1, satisfaction 0.5 → 0.1 + 0.5 + 0.2 = 0.8
    const g0 = res.body.top.find((r: { key: string }) => r.key === city.grids[0]);
    expect(g0.score).toBeCloseTo(0.8, 10);
  });

  it('refuses scopes above the caller (404) and roles that do not assess (403)', async () => {
    expect((await get(dispatcher, `/stats/overview?scopeCode=${city.townships[0]}`)).status).toBe(404);
    expect((await get(supervisor, `/stats/breakdown?by=grid&scopeCode=${city.townships[1]}`)).status).toBe(404);
    expect((await get(gridWorker, '/stats/overview')).status).toBe(403);
    expect((await get(party, '/stats/overview')).status).toBe(403);
  });

  it('refuses bad periods and breakdowns', async () => {
    expect((await get(admin, '/stats/overview?from=2026-02-30')).status).toBe(400);
    expect((await get(admin, '/stats/overview?from=2026-05-01&to=2026-04-01')).status).toBe(400);
    expect((await get(admin, '/stats/breakdown?by=street')).status).toBe(400);
    expect((await get(dispatcher, '/stats/breakdown?by=township')).status).toBe(400);
  });

  it('lets admins set the weights of the score (summing to 1)', async () => {
    const bad = await admin
      .auth(api.http().put('/api/v1/stats/weights'))
      .send({ response: 0.5, resolution: 0.5, satisfaction: 0.5 });
    expect(bad.status).toBe(400);
    expect(
      (
        await supervisor
          .auth(api.http().put('/api/v1/stats/weights'))
          .send({ response: 0.2, resolution: 0.4, satisfaction: 0.4 })
      ).status,
    ).toBe(403);
  });
});
