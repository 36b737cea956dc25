import { createTestUser } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

/** The committee's desk: 1440 × 900. */
const DESK = { width: 1440, height: 900 };

// 减负 (docs/burden.md): the committee sees the burden over the months, each grid's burden, and
// who tried to push matters outside the catalogue onto the grid.
describe('减负 in the browser: the trend, the grids, the refused pushes with who', () => {
  let fx: ConsoleFixture;

  beforeAll(async () => {
    fx = await startConsoleFixture();
    const http = fx.server.api.http;
    const { gridWorker, dispatcher } = fx.users;
    // two tickets in the grid, one refused push by the grid worker, one by the dispatcher
    for (const description of ['楼道堆物', '路灯不亮']) {
      const res = await http()
        .post('/api/v1/tickets')
        .set('Authorization', `Bearer ${gridWorker.token}`)
        .send({ itemCode: fx.itemCode, gridCode: fx.grid, description });
      if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
    }
    for (const [user, itemCode] of [
      [gridWorker, 'Z99'],
      [dispatcher, 'Y88'],
    ] as const) {
      const res = await http()
        .post('/api/v1/tickets')
        .set('Authorization', `Bearer ${user.token}`)
        .send({ itemCode, gridCode: fx.grid, description: '帮忙填一下统计表' });
      if (res.status !== 422) throw new Error(`refused push: ${res.status} ${JSON.stringify(res.body)}`);
    }
  });
  afterAll(() => fx?.close());

  it('a supervisor opens 减负 from the menu and reads the trend, the grid’s figures and who pushed', async () => {
    const { page, done } = await pageAs(fx, fx.users.supervisor, DESK);
    try {
      await page.getByRole('menuitem', { name: '减负' }).click();
      await page.waitForURL(/\/burden$/);
      await page.getByRole('heading', { name: '减负' }).waitFor();
      await page.getByRole('img', { name: '减负趋势图' }).waitFor();
      // the trend table: twelve months, this month's two open tickets and two refused pushes
      const trend = page.getByRole('region', { name: '减负趋势表' });
      const month = new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 7);
      const thisMonth = trend.locator('tr.ant-table-row').filter({ hasText: month });
      await thisMonth.waitFor();
      expect(await trend.locator('tbody tr.ant-table-row').count()).toBe(12);
      const cells = await thisMonth.getByRole('cell').allInnerTexts();
      expect(cells[1]).toBe('2'); // 月末在办
      expect(cells[4]).toBe('2'); // 清单外派活

      // the grid's row: two open tickets, two refused pushes; the grids in code order
      const burden = page.getByRole('region', { name: '网格负担表' });
      const gridRow = burden.locator('tr.ant-table-row').filter({ hasText: fx.grid });
      await gridRow.waitFor();
      const figures = await gridRow.getByRole('cell').allInnerTexts();
      expect(figures[1]).toBe('2');
      expect(figures[5]).toBe('2');
      const codes = (await burden.locator('tbody tr.ant-table-row').allInnerTexts()).map(
        (t) => /\d{15}/.exec(t)?.[0] ?? '',
      );
      expect(codes).toEqual([...codes].sort());
      await page.getByText('不按工作量排名', { exact: false }).waitFor();

      // who pushed: the grid worker and the dispatcher, with their roles, the item unknown
      const refused = page.getByRole('region', { name: '清单外派活记录' });
      await refused.locator('tr.ant-table-row').filter({ hasText: 'Z99' }).getByText('（网格员）').waitFor();
      await refused
        .locator('tr.ant-table-row')
        .filter({ hasText: 'Y88' })
        .getByText('（村社派单员）', { exact: false })
        .waitFor();
      expect(await refused.getByText('清单外').count()).toBe(2);
      await screenshot(page, 'burden-1-committee-desk');

      // 按人员: one row per person, named; no figure column can be sorted
      await page.getByText('按人员', { exact: true }).click();
      await burden.getByRole('columnheader', { name: '人员' }).waitFor();
      expect(await burden.locator('th.ant-table-column-has-sorters').count()).toBe(0);
      await page.evaluate('window.scrollTo(0, 0)');
      await screenshot(page, 'burden-2-by-worker');
    } finally {
      await done();
    }
  });

  it('is not on the menu of a dispatcher, and the page refuses them', async () => {
    const dispatcher = await createTestUser(fx.server.api.app, 'dispatcher', fx.community);
    const { page, done } = await pageAs(fx, dispatcher, DESK);
    try {
      await page.getByRole('menuitem', { name: '派单台' }).waitFor();
      expect(await page.getByRole('menuitem', { name: '减负' }).count()).toBe(0);
      await page.goto(`${fx.server.baseUrl}/burden`);
      await page.getByText('无权访问').waitFor();
      expect(await page.getByRole('region', { name: '网格负担表' }).count()).toBe(0);
    } finally {
      await done();
    }
  });
});
