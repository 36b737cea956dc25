import { randomInt } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { until } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, settledMarker, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;
const DESK = { width: 1440, height: 900 };

// Issue 20 item 4: 治理专题 — the topics the detection found, on a list and a map, one topic's
// tickets, 立项 with a lead unit and a due date, 办结 with a result, and the 每月一题 workbook.
describe('governance topics in the console (治理专题)', () => {
  let fx: ConsoleFixture;
  let db: DataSource;
  beforeAll(async () => {
    fx = await startConsoleFixture();
    db = fx.server.api.app.get(DataSource);
  });
  afterAll(async () => {
    await fx?.close();
  });

  let serial = 0;
  const insert = async (
    item: string,
    grid: string,
    east: number,
    extra: { address?: string; rework?: number } = {},
  ) => {
    const c = fx.city.insideGrid.get(grid)!;
    const n = `${randomInt(10_000, 99_999)}${String(process.pid % 1000).padStart(3, '0')}${String(++serial).padStart(6, '0')}`;
    await db.query(
      `INSERT INTO ticket (number, tracking_code, status, item_code, grid_code, description, channel,
         location_lng, location_lat, location_address, rework_count, reporter_phone_mask, reporter_name, created_at)
       VALUES ($1, $2, 'submitted', $3, $4, '专题浏览器测试', 'staff', $5, $6, $7, $8, $9, '居民', now() - interval '2 days')`,
      [
        n.slice(0, 14),
        `TB${n}`,
        item,
        grid,
        c.lng + east / 100_000,
        c.lat,
        extra.address ?? null,
        extra.rework ?? 0,
        `136****${String(serial).padStart(4, '0')}`,
      ],
    );
  };
  const rows = (page: Page) => page.locator('tr[data-topic-id]');

  it(
    'lists the topics with their centres on the map, opens one with its tickets, adopts and closes it, downloads 每月一题',
    async () => {
      const [g0, g1] = fx.city.grids;
      for (let i = 0; i < 5; i++) await insert('E01', g0, i * 20, { address: `和平路${i + 1}号` });
      for (let i = 0; i < 3; i++) await insert('B03', g1, i * 200, { rework: 1 });
      const detect = await fx.users.admin
        .auth(fx.server.api.http().post('/api/v1/topics/detect'))
        .query({ scopeCode: fx.city.city });
      expect(detect.status).toBe(200);
      expect(detect.body.created).toBeGreaterThanOrEqual(2);

      const { page, done } = await pageAs(fx, fx.users.supervisor, DESK);
      await page.getByRole('menuitem', { name: '治理专题' }).click();
      await page.waitForURL('**/topics');
      await until('the two topics listed', async () => (await rows(page).count()) === 2, 30_000);
      const table = page.locator('.ant-table').first();
      expect(await table.innerText()).toContain('聚集多发');
      expect(await table.innerText()).toContain('返工/不满意');
      // each topic's centre on the map
      const listed = await fx.users.admin
        .auth(fx.server.api.http().get('/api/v1/topics'))
        .query({ scopeCode: fx.city.city, kind: 'cluster' });
      const clusterId = listed.body.items[0].id as string;
      await until(
        'two topic markers on the map',
        async () => (await page.getByTestId('ticket-marker').count()) === 2,
        30_000,
      );
      await screenshot(page, 'topics-list');

      // the type filter
      await page.locator('.ant-segmented-item', { hasText: '返工/不满意' }).click();
      await until('only the rework topic', async () => (await rows(page).count()) === 1, 30_000);
      expect(await rows(page).first().innerText()).toContain('返工/不满意');
      await page.locator('.ant-segmented-item', { hasText: '全部类型' }).click();
      await until('both again', async () => (await rows(page).count()) === 2, 30_000);

      // the cluster from its marker: its five tickets
      await (await settledMarker(page, clusterId)).click();
      const drawer = page.locator('.gf-topic-drawer .ant-drawer-body');
      await drawer.waitFor();
      await until(
        'five tickets in the drawer',
        async () => (await drawer.innerText()).includes('关联工单（5）'),
        30_000,
      );
      expect(await drawer.innerText()).toContain('和平路1号');
      expect(await drawer.innerText()).toContain('待认领');
      await screenshot(page, 'topics-detail');

      // 立项: a lead unit and a due date
      await page
        .locator('.gf-topic-drawer')
        .getByRole('button', { name: /立\s*项/ })
        .click();
      const adopt = page.getByRole('dialog', { name: '立项（认领专题）' });
      await adopt.and(page.locator(':not([class*="ant-zoom"])')).waitFor();
      await adopt.locator('.ant-select').click();
      await page.locator('.ant-select-item-option').first().click();
      const due = new Date(Date.now() + 20 * 86_400_000 + 8 * 3600_000).toISOString().slice(0, 10);
      await adopt.getByPlaceholder('请选择日期').fill(due);
      await adopt.getByPlaceholder('请选择日期').press('Enter');
      await adopt.getByLabel('说明').fill('社区牵头，城管配合清运');
      await screenshot(page, 'topics-adopt');
      await adopt.getByRole('button', { name: /立\s*项/ }).click();
      await adopt.waitFor({ state: 'hidden' });
      await until('the topic adopted', async () => (await drawer.innerText()).includes('已立项'), 30_000);
      expect(await drawer.innerText()).toContain('社区牵头，城管配合清运');
      expect(await drawer.innerText()).toContain(due);

      // 办结 with the result
      await page
        .locator('.gf-topic-drawer')
        .getByRole('button', { name: /办\s*结/ })
        .click();
      const close = page.getByRole('dialog', { name: '办结专题' });
      await close.and(page.locator(':not([class*="ant-zoom"])')).waitFor();
      await close.getByLabel('办理结果').fill('增设垃圾收集点，建立每日巡查');
      await close.getByRole('button', { name: /办\s*结/ }).click();
      await close.waitFor({ state: 'hidden' });
      await until('the topic closed', async () => (await drawer.innerText()).includes('已办结'), 30_000);
      expect(await drawer.innerText()).toContain('增设垃圾收集点，建立每日巡查');
      await screenshot(page, 'topics-closed');
      await page.keyboard.press('Escape');

      // 每月一题
      const [download] = await Promise.all([
        page.waitForEvent('download'),
        page.getByRole('button', { name: '下载每月一题' }).click(),
      ]);
      expect(download.suggestedFilename()).toMatch(/^每月一题-\d{4}-\d{2}\.xlsx$/);
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'lets an admin set the thresholds of a category and run the detection now',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.admin, DESK);
      await page.goto(`${fx.server.baseUrl}/topics`);
      await page.getByRole('button', { name: '发现阈值' }).click();
      const dialog = page.getByRole('dialog', { name: '发现阈值（按事项类别）' });
      await dialog.and(page.locator(':not([class*="ant-zoom"])')).waitFor();
      const field = dialog.getByLabel('应急与公共卫生 聚集：最少件数');
      await until('the thresholds loaded', async () => (await field.inputValue()) === '3', 30_000);
      await field.fill('4');
      await screenshot(page, 'topics-thresholds');
      await dialog.getByRole('button', { name: /保\s*存/ }).click();
      await dialog.waitFor({ state: 'hidden' });
      const now = await fx.users.admin.auth(fx.server.api.http().get('/api/v1/topic-thresholds'));
      expect(now.body.items.find((i: { categoryCode: string }) => i.categoryCode === 'F')).toMatchObject({
        custom: true,
        clusterMinTickets: 4,
      });
      await db.query(`DELETE FROM topic_threshold WHERE category_code = 'F'`);

      await page.getByRole('button', { name: /立即发现/ }).click();
      await page.locator('.ant-message-notice', { hasText: '发现完成' }).waitFor();
      await done();
    },
    BROWSER_TEST_MS,
  );
});
