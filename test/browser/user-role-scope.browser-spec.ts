import {
  type ConsoleFixture,
  countWrites,
  pageAs,
  pick,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;
const DESK = { width: 1440, height: 900 };

// Issue 16 item 9: the user form applies libs/domain's role-and-scope rule before sending.
describe("the admin's user form keeps role and scope in agreement", () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'a wrong scope is said in Chinese and nothing is sent; the right one is saved',
    async () => {
      const admin = await pageAs(fx, fx.users.admin, DESK);
      const page = admin.page;
      const creates = countWrites(page, /^\/api\/v1\/users$/);
      await page.goto(`${fx.server.baseUrl}/admin/users`);
      await page.getByRole('button', { name: '新增用户' }).click();
      const dialog = await settledDialog(page);
      const username = `rs${Date.now().toString(36)}`;
      await dialog.getByLabel('用户名').fill(username);
      await dialog.getByLabel('密码', { exact: true }).fill('Role-Scope-2026!');
      await dialog.getByLabel('确认密码').fill('Role-Scope-2026!');
      await dialog.getByLabel('姓名').fill('范围测试');

      // A supervisor may work at the city: pick it, then turn the role into a grid worker.
      await pick(page, dialog, '角色', '督查员');
      await dialog.getByLabel('管辖范围').click();
      await page.locator('.ant-select-tree-node-content-wrapper', { hasText: fx.city.city }).first().click();
      await dialog.locator(`.ant-select-content[title="测试市${fx.city.city}"]`).waitFor();
      await pick(page, dialog, '角色', '网格员');
      const problem = dialog.getByText('网格员的管辖范围须为网格，不能是市');
      await problem.waitFor();
      await dialog.getByRole('button', { name: '新增', exact: true }).click();
      await screenshot(page, 'user-role-scope-refused-desk');
      // still open, still saying why, and no request left the browser
      await problem.waitFor();
      expect(await dialog.isVisible()).toBe(true);
      expect(creates.count).toBe(0);

      // Back to a role that fits the city: the message goes and the user is created.
      await pick(page, dialog, '角色', '督查员');
      await problem.waitFor({ state: 'detached' });
      await dialog.getByText('督查员的管辖范围须为市或县（区）或乡镇（街道）').waitFor();
      await dialog.locator('.ant-modal-footer .ant-btn-primary').click();
      await dialog.waitFor({ state: 'hidden' });
      await page.getByText(username).first().waitFor();
      await screenshot(page, 'user-role-scope-saved-desk');
      expect(creates.count).toBe(1);
      const list = await fx.server.api
        .http()
        .get('/api/v1/users')
        .query({ role: 'supervisor', scopeCode: fx.city.city, limit: 100 })
        .set('Authorization', `Bearer ${fx.users.admin.token}`);
      expect(list.body.items).toContainEqual(
        expect.objectContaining({ username, role: 'supervisor', scopeCode: fx.city.city }),
      );
      await admin.done();
    },
    BROWSER_TEST_MS,
  );
});
