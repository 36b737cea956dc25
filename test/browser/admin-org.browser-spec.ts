import { type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 120_000;
const DESK = { width: 1440, height: 900 };

describe('console: the admin finds, removes and adds org units, in Chinese', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  }, 120_000);
  afterAll(() => fx?.close());

  const http = () => fx.server.api.http();
  const asAdmin = <T extends { set: (k: string, v: string) => T }>(req: T) =>
    req.set('Authorization', `Bearer ${fx.users.admin.token}`);

  it(
    'finds a unit the tree has not loaded by part of its name, and removes it when it is empty',
    async () => {
      const township = fx.city.townships[1];
      const code = `${township}061`;
      const made = await asAdmin(http().post('/api/v1/org-units')).send({ code, name: '浏览器搜索用社区' });
      expect(made.status).toBe(201);

      const { page, done } = await pageAs(fx, fx.users.admin, DESK);
      await page.goto(`${fx.server.baseUrl}/admin/org`);
      await page.getByText('组织树').waitFor();
      // The tree shows only the admin's scope opened one level: the new community is not in it.
      expect(await page.locator(`[data-org-code="${code}"]`).count()).toBe(0);

      await page.getByLabel('查找组织').fill('搜索用');
      const option = page.locator('.ant-select-item-option', { hasText: code });
      await option.waitFor();
      await screenshot(page, 'admin-org-search');
      await option.click();
      const card = page.getByTestId('org-unit-card');
      await card.getByText(code).first().waitFor();
      await card.getByText('浏览器搜索用社区').first().waitFor();

      await card.getByRole('button', { name: '删除' }).click();
      await page.getByText('仅能删除没有下级、网格、用户和工单的空单位').waitFor();
      await screenshot(page, 'admin-org-remove-confirm');
      await page.locator('.ant-popconfirm').getByRole('button', { name: '删除' }).click();
      await page.getByText('已删除：浏览器搜索用社区').waitFor();
      // The card moves to the parent township, which no longer lists it.
      await card.getByText(township).first().waitFor();
      expect((await asAdmin(http().get(`/api/v1/org-units/${code}`))).status).toBe(404);

      // A unit that is not empty offers no removal: the test city's first community has grids.
      await page.getByLabel('查找组织').fill(fx.city.communities[0]);
      await page.locator('.ant-select-item-option', { hasText: fx.city.communities[0] }).first().click();
      await card.getByText('下级单位').first().waitFor();
      expect(await card.getByRole('button', { name: '删除' }).count()).toBe(0);
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'says in Chinese which field is taken when a colleague created the same code a moment before',
    async () => {
      const township = fx.city.townships[0];
      const { page, done } = await pageAs(fx, fx.users.admin, DESK);
      await page.goto(`${fx.server.baseUrl}/admin/org`);
      await page.getByLabel('查找组织').fill(township);
      await page.locator('.ant-select-item-option', { hasText: township }).first().click();
      const card = page.getByTestId('org-unit-card');
      await card.getByText(township).first().waitFor();

      await card.getByRole('button', { name: '新增下级' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('顺序号').fill('077');
      await dialog.getByLabel('名称', { exact: true }).fill('抢先一步的社区');
      // Meanwhile a colleague creates the same code.
      const colleague = await asAdmin(http().post('/api/v1/org-units')).send({
        code: `${township}077`,
        name: '同事新增的社区',
      });
      expect(colleague.status).toBe(201);

      await dialog.getByRole('button', { name: '新增' }).click();
      await dialog.getByText('编码已存在，请换一个').waitFor();
      await screenshot(page, 'admin-org-already-exists');
      // Never the server's English.
      expect(await page.getByText(/already exists|is taken/).count()).toBe(0);
      const unit = await asAdmin(http().get(`/api/v1/org-units/${township}077`));
      expect(unit.body.name).toBe('同事新增的社区');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
