import { DataSource } from 'typeorm';
import { COUNTER_KEYS, type CounterKey, shanghaiDate } from '@gridflow/domain';
import { StatsService } from '@gridflow/stats';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
} from '../support/index.js';

const column = (k: CounterKey) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

interface Point {
  period: string;
  [figure: string]: unknown;
}

/** 趋势: the assessment figures per day or month, from the same rollups as the overview. */
describe('statistics trend', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let dispatcher: TestUser;
  let gridWorker: TestUser;
  const today = shanghaiDate(new Date());

  /**
   * Past days are written straight into the rollups, the way the worker's refresh moves them:
   * tickets filed through the API always fall on today, and a ticket's day cannot be moved
   * once a worker (of any test file of this run) has counted it.
   */
  async function seed(day: string, grid: string, counters: Partial<Record<CounterKey, number>>) {
    const keys = COUNTER_KEYS.filter((k) => counters[k] !== undefined);
    const cols = keys.map(column);
    const values = keys.map((k) => counters[k]);
    const add = cols.map((c) => `${c} = t.${c} + EXCLUDED.${c}`).join(', ');
    const params = cols.map((_, i) => `$${i + 3}`).join(', ');
    const month = `${day.slice(0, 7)}-01`;
    const db = api.app.get(DataSource);
    for (const [table, period, codeColumn, key, code] of [
      ['stats_daily', 'day', 'grid_code', 'grid_code', grid],
      ['stats_monthly', 'month', 'grid_code', 'grid_code', grid],
      ['stats_daily_community', 'day', 'community_code', 'community_code', grid.slice(0, 12)],
      ['stats_monthly_community', 'month', 'community_code', 'community_code', grid.slice(0, 12)],
    ]) {
      await db.query(
        `INSERT INTO ${table} AS t (${period}, ${codeColumn}, ${cols.join(', ')}) VALUES ($1, $2, ${params})
         ON CONFLICT (${key}, ${period}) DO UPDATE SET ${add}`,
        [period === 'day' ? day : month, code, ...values],
      );
    }
  }

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    gridWorker = await createTestUser(api.app, 'grid_worker', city.grids[0]);

    const [g0, g1] = [city.grids[0], city.grids[1]];
    const far = city.grids[6]; // the other township
    await seed('2025-01-31', g0, { submitted: 2, archived: 1, verified: 1, closed: 1, respondedInTime: 2 });
    await seed('2025-02-01', g1, { submitted: 1, rejected: 1, closed: 1 });
    await seed('2025-02-15', g0, { submitted: 3, open: 3, overdue: 1, respondedInTime: 1 });
    await seed('2025-02-15', far, { submitted: 5, open: 5 });
    await seed('2025-03-02', g0, { submitted: 1, open: 1 });

    // And one ticket today, through the API and the refresh the worker runs.
    const filed = await gridWorker
      .auth(api.http().post('/api/v1/tickets'))
      .send({ itemCode: 'B01', gridCode: g0, description: '趋势测试' });
    expect(filed.status).toBe(201);
    await api.app.get(StatsService).refreshTicket(filed.body.id);
  });
  afterAll(() => api.close());

  const get = (user: TestUser, path: string) => user.auth(api.http().get(`/api/v1${path}`));
  const series = (points: Point[], key: string) => points.map((p) => p[key]);

  it('gives one point per day, every day present, for the caller’s scope by default', async () => {
    const res = await get(dispatcher, '/stats/trend?from=2025-01-30&to=2025-02-02&interval=day');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        scopeCode: city.communities[0],
        from: '2025-01-30',
        to: '2025-02-02',
        interval: 'day',
      }),
    );
    const points: Point[] = res.body.points;
    expect(series(points, 'period')).toEqual(['2025-01-30', '2025-01-31', '2025-02-01', '2025-02-02']);
    expect(series(points, 'submitted')).toEqual([0, 2, 1, 0]);
    expect(series(points, 'archived')).toEqual([0, 1, 0, 0]);
    expect(series(points, 'rejected')).toEqual([0, 0, 1, 0]);
    expect(series(points, 'resolutionRate')).toEqual([null, 1, 0, null]);
    expect(series(points, 'responseRate')).toEqual([null, 1, 0, null]);
    expect(Object.keys(points[0]).sort()).toEqual(
      [
        'period',
        'submitted',
        'open',
        'overdue',
        'warning',
        'verified',
        'archived',
        'rejected',
        'escalations',
        'resolved',
        'callbacks',
        'reworks',
        'responseRate',
        'onTimeRate',
        'resolutionRate',
        'satisfactionRate',
        'reworkRate',
      ].sort(),
    );
  });

  it('reads a grid from the per-grid rollups', async () => {
    const res = await get(admin, `/stats/trend?scopeCode=${city.grids[0]}&from=2025-01-31&to=2025-02-01`);
    expect(res.status).toBe(200);
    expect(res.body.interval).toBe('day');
    expect(series(res.body.points, 'submitted')).toEqual([2, 0]);
  });

  it('defaults to the last 30 days, today last, with today’s tickets', async () => {
    const res = await get(dispatcher, '/stats/trend');
    expect(res.status).toBe(200);
    expect(res.body.points).toHaveLength(30);
    expect(res.body.points.at(-1)).toEqual(expect.objectContaining({ period: today, submitted: 1, open: 1 }));
  });

  it('gives one point per month, partial months at either end included', async () => {
    const partial = await get(
      admin,
      `/stats/trend?scopeCode=${city.city}&from=2025-01-15&to=2025-03-10&interval=month`,
    );
    expect(partial.status).toBe(200);
    expect(series(partial.body.points, 'period')).toEqual(['2025-01', '2025-02', '2025-03']);
    expect(series(partial.body.points, 'submitted')).toEqual([2, 9, 1]);
    expect(series(partial.body.points, 'overdue')).toEqual([0, 1, 0]);

    const whole = await get(admin, `/stats/trend?scopeCode=${city.city}&from=2025-01-01&to=2025-03-31&interval=month`);
    expect(series(whole.body.points, 'submitted')).toEqual([2, 9, 1]);

    const inside = await get(admin, `/stats/trend?scopeCode=${city.city}&from=2025-02-01&to=2025-02-14&interval=month`);
    expect(series(inside.body.points, 'period')).toEqual(['2025-02']);
    expect(series(inside.body.points, 'submitted')).toEqual([1]);

    const township = await get(
      admin,
      `/stats/trend?scopeCode=${city.townships[0]}&from=2025-01-01&to=2025-03-31&interval=month`,
    );
    expect(series(township.body.points, 'submitted')).toEqual([2, 4, 1]);
  });

  it('adds up to the overview of the same scope and period', async () => {
    const counts = ['submitted', 'open', 'overdue', 'warning', 'verified', 'archived', 'rejected', 'escalations'];
    for (const scope of [city.city, city.townships[0], city.communities[0], city.grids[0]]) {
      for (const [from, to, interval] of [
        ['2025-01-20', '2025-03-05', 'day'],
        ['2025-01-20', '2025-03-05', 'month'],
        ['2025-01-01', today, 'month'],
      ]) {
        const [trend, overview] = await Promise.all([
          get(admin, `/stats/trend?scopeCode=${scope}&from=${from}&to=${to}&interval=${interval}`),
          get(admin, `/stats/overview?scopeCode=${scope}&from=${from}&to=${to}`),
        ]);
        expect(trend.status).toBe(200);
        const sums = Object.fromEntries(
          counts.map((k) => [k, (trend.body.points as Point[]).reduce((n, p) => n + (p[k] as number), 0)]),
        );
        expect({ scope, from, to, interval, ...sums }).toEqual({
          scope,
          from,
          to,
          interval,
          ...Object.fromEntries(counts.map((k) => [k, overview.body[k]])),
        });
      }
    }
  });

  it('sums any period, whole or partial months, exactly as its days in the daily rollup', async () => {
    // The overview reads months whole and adds or subtracts days (libs/stats/src/rollup-plan.ts);
    // the expectation adds up the period's days one by one, per grid.
    const db = api.app.get(DataSource);
    const back = (n: number) => shanghaiDate(new Date(Date.now() - n * 86_400_000));
    const periods = [
      ['2025-01-31', '2025-01-31'],
      ['2025-01-15', '2025-02-10'],
      ['2025-01-31', '2025-02-01'],
      ['2025-02-01', '2025-02-28'],
      ['2025-02-02', '2025-02-27'],
      ['2025-02-14', '2025-02-16'],
      ['2025-01-01', '2025-03-31'],
      ['2025-01-20', '2025-03-05'],
      ['2024-12-01', '2025-01-30'],
      ['2025-02-15', back(400)],
      [back(364), today],
      [back(2), today],
    ];
    const counts = ['submitted', 'open', 'overdue', 'warning', 'verified', 'archived', 'rejected', 'escalations'];
    for (const scope of [city.city, city.townships[0], city.communities[0], city.grids[0]]) {
      for (const [from, to] of periods) {
        const overview = await get(admin, `/stats/overview?scopeCode=${scope}&from=${from}&to=${to}`);
        expect(overview.status).toBe(200);
        const [days] = await db.query(
          `SELECT ${counts.map((k) => `coalesce(sum(${column(k as CounterKey)}), 0)::int AS "${k}"`).join(', ')}
           FROM stats_daily WHERE grid_code LIKE $1 AND day BETWEEN $2 AND $3`,
          [`${scope}%`, from, to],
        );
        expect({ scope, from, to, ...Object.fromEntries(counts.map((k) => [k, overview.body[k]])) }).toEqual({
          scope,
          from,
          to,
          ...days,
        });
      }
    }
  });

  it('refuses scopes above the caller (404) and roles that do not assess (403)', async () => {
    expect((await get(dispatcher, `/stats/trend?scopeCode=${city.townships[0]}`)).status).toBe(404);
    expect((await get(dispatcher, `/stats/trend?scopeCode=${city.communities[1]}`)).status).toBe(404);
    expect((await get(gridWorker, '/stats/trend')).status).toBe(403);
  });

  it('refuses bad intervals and periods', async () => {
    const week = await get(admin, '/stats/trend?interval=week');
    expect(week.status).toBe(400);
    expect(week.body.code).toBe('VALIDATION_FAILED');
    expect((await get(admin, '/stats/trend?from=2025-02-30')).status).toBe(400);
    expect((await get(admin, '/stats/trend?from=2025-05-01&to=2025-04-01')).status).toBe(400);
    expect((await get(admin, '/stats/trend?by=grid')).status).toBe(400);
    // A year and a day is too long for daily points, fine by month.
    const long = await get(admin, '/stats/trend?from=2024-01-01&to=2025-01-01&interval=day');
    expect(long.status).toBe(400);
    expect(long.body.details).toEqual([expect.objectContaining({ field: 'to' })]);
    const monthly = await get(
      admin,
      `/stats/trend?scopeCode=${city.city}&from=2024-01-01&to=2025-01-01&interval=month`,
    );
    expect(monthly.status).toBe(200);
    expect(monthly.body.points).toHaveLength(13);
  });
});
