import { DataSource } from 'typeorm';
import { until } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;
/** The dispatcher's desk. */
const DESK = { width: 1440, height: 900 };

// Issue 20 item 3: a request with only an address waits 待定位; the community's dispatcher places
// it with a click on the map, and it leaves the list for the grid's queue; the timeline says 已定位.
describe('待定位: placing an unlocated request on the map', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(async () => {
    await fx?.close();
  });

  it(
    'a dispatcher clicks on the map inside a grid, places the request there and it leaves the list',
    async () => {
      const { admin, dispatcher } = fx.users;
      const api = fx.server.api;
      const grids = fx.city.grids.filter((g) => g.startsWith(fx.community));
      const names = ['和平里第一网格', '和平里第二网格', '和平里第三网格'];
      for (const [i, code] of grids.entries()) {
        const res = await admin.auth(api.http().patch(`/api/v1/grids/${code}`)).send({ name: names[i] });
        expect(res.status).toBe(200);
      }
      const { page, done } = await pageAs(fx, dispatcher, DESK);
      // 代群众点单 with only an address: no point, no grid
      await page.goto(`${fx.server.baseUrl}/tickets/new`);
      await page.getByLabel('准入事项').click();
      await page.keyboard.type(fx.itemCode);
      // the search's match (its path names the item's code), not whatever the menu showed before it filtered
      await page.locator('.ant-cascader-menu-item').filter({ hasText: fx.itemCode }).first().click();
      await page.locator('.ant-cascader').filter({ hasText: fx.itemCode }).waitFor();
      await page.getByLabel('诉求描述').fill('路边井盖松动，有人差点摔倒');
      await page.getByLabel('详细地址').fill('和平里东侧小路');
      await page.getByRole('button', { name: '提交点单' }).click();
      await page.getByTestId('filed-unlocated').waitFor();
      await screenshot(page, 'unlocated-filed');
      const number = (await page.locator('.ant-descriptions-item-content').first().innerText()).trim();
      const [row] = (await api.app
        .get(DataSource)
        .query(`SELECT id, grid_code FROM ticket WHERE number = $1`, [number])) as {
        id: string;
        grid_code: string | null;
      }[];
      expect(row.grid_code).toBeNull();
      const id = row.id;
      await page.getByRole('menuitem', { name: '待定位' }).click();
      await page.waitForURL('**/unlocated');
      const item = page.locator(`[data-testid="unlocated-item"][data-ticket-id="${id}"]`);
      await item.waitFor();
      await item.click();
      expect(await page.getByTestId('unlocated-address').innerText()).toBe('和平里东侧小路');

      // A click on the map inside the second grid (where its name is written: names are not clickable).
      const label = page.getByTestId('grid-name').filter({ hasText: names[1] });
      await until('the grid names on the map', async () => (await label.count()) === 1, 30_000);
      const box = (await label.boundingBox())!;
      await page.mouse.click(box.x + box.width / 2, box.y + box.height + 12);
      await page.getByTestId('picked-grid').filter({ hasText: names[1] }).waitFor();
      await screenshot(page, 'unlocated-picked');

      await page.getByRole('button', { name: '定位到此处' }).click();
      await item.waitFor({ state: 'detached' });
      await page.getByText(`已定位到 ${names[1]}`).waitFor();
      await screenshot(page, 'unlocated-placed');

      // The API agrees: the grid, the point clicked, the located event.
      const after = await dispatcher.auth(api.http().get(`/api/v1/tickets/${id}`));
      expect(after.body.gridCode).toBe(grids[1]);
      expect(after.body.location.lng).toEqual(expect.any(Number));
      expect(after.body.timeline.at(-1).type).toBe('located');

      // The ticket's page: the grid, and 已定位 on its timeline.
      await page.goto(`${fx.server.baseUrl}/tickets/${id}`);
      await page.getByText('已定位', { exact: true }).first().waitFor();
      // the grid's name comes with the page's own data, which may land after the timeline: wait for it
      await page.getByText(`${names[1]}（${grids[1]}）`).first().waitFor();
      expect(await page.getByTestId('unlocated-tag').count()).toBe(0);
      await screenshot(page, 'unlocated-timeline');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
