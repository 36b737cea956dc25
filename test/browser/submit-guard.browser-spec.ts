import type { Page } from 'playwright-core';
import { PHONE } from '../support/browser.js';
import {
  type ConsoleFixture,
  countWrites,
  doubleTap,
  expectStatus,
  fileByApi,
  openDialog,
  pageAs,
  pick,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;

/** Double-taps 确定 (or `ok`) in the settled dialog and waits for it to close. */
async function doubleTapOk(page: Page, ok = '确定'): Promise<void> {
  const dialog = await settledDialog(page);
  await doubleTap(dialog.getByRole('button', { name: ok, exact: true }));
  await dialog.waitFor({ state: 'hidden' });
}

// Issue 18 item 3: one guard for every submit — a double tap in the same tick sends one request.
describe('a double tap sends one request', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'on every step of a ticket and on a note',
    async () => {
      const base = fx.server.baseUrl;
      const filed = await fileByApi(fx, `双击测试 ${Date.now()}`);
      const url = `${base}/tickets/${filed.id}`;
      const action = (name: string) => new RegExp(`/api/v1/tickets/${filed.id}/${name}$`);

      const worker = await pageAs(fx, fx.users.gridWorker, PHONE);
      const accepts = countWrites(worker.page, action('accept'));
      const notes = countWrites(worker.page, action('comments'));
      await worker.page.goto(url);
      await openDialog(worker.page, '接单');
      await doubleTapOk(worker.page);
      await expectStatus(worker.page, 'accepted');
      const form = worker.page.getByTestId('comment-form');
      await form.getByLabel('添加备注').fill('已电话联系群众');
      await doubleTap(form.getByRole('button', { name: '提交备注' }));
      await worker.page.getByText('备注已添加').first().waitFor();
      await screenshot(worker.page, 'double-tap-accepted');
      expect({ accepts: accepts.count, notes: notes.count }).toEqual({ accepts: 1, notes: 1 });
      await worker.done();

      const desk = await pageAs(fx, fx.users.dispatcher);
      const dispatches = countWrites(desk.page, action('dispatch'));
      await desk.page.goto(url);
      const dispatch = await openDialog(desk.page, '派单');
      await dispatch.locator(`input[data-candidate-id="${fx.users.partyMember.id}"]`).check();
      await doubleTapOk(desk.page);
      await expectStatus(desk.page, 'dispatched');
      expect(dispatches.count).toBe(1);
      await desk.done();

      const party = await pageAs(fx, fx.users.partyMember, PHONE);
      const claims = countWrites(party.page, action('claim'));
      const resolves = countWrites(party.page, action('resolve'));
      await party.page.goto(url);
      await openDialog(party.page, '认领');
      await doubleTapOk(party.page);
      await expectStatus(party.page, 'claimed');
      const resolve = await openDialog(party.page, '办结');
      await resolve.getByLabel('办理结果').fill('已处理完毕');
      await doubleTapOk(party.page);
      await expectStatus(party.page, 'resolved');
      expect({ claims: claims.count, resolves: resolves.count }).toEqual({ claims: 1, resolves: 1 });
      await party.done();

      const review = await pageAs(fx, fx.users.supervisor);
      const verifies = countWrites(review.page, action('verify'));
      const archives = countWrites(review.page, action('archive'));
      await review.page.goto(url);
      const verify = await openDialog(review.page, '督查兑单');
      await verify.getByText('通过', { exact: true }).click();
      await verify.getByText('已电话回访到群众').click();
      await pick(review.page, verify, '群众满意度', '满意');
      await doubleTapOk(review.page);
      await expectStatus(review.page, 'verified');
      await openDialog(review.page, '归档销单');
      await doubleTapOk(review.page);
      await expectStatus(review.page, 'archived');
      await screenshot(review.page, 'double-tap-archived');
      // No second request, so no "state does not allow" error shown next to the success.
      expect(await review.page.locator('.ant-message-error').count()).toBe(0);
      expect({ verifies: verifies.count, archives: archives.count }).toEqual({ verifies: 1, archives: 1 });
      await review.done();
    },
    BROWSER_TEST_MS,
  );

  it(
    "on the admin's 新增用户 form",
    async () => {
      const admin = await pageAs(fx, fx.users.admin);
      const page = admin.page;
      const creates = countWrites(page, /^\/api\/v1\/users$/);
      await page.goto(`${fx.server.baseUrl}/admin/users`);
      await page.getByRole('button', { name: '新增用户' }).click();
      const dialog = await settledDialog(page);
      const username = `dbl${Date.now().toString(36)}`;
      await dialog.getByLabel('用户名').fill(username);
      await dialog.getByLabel('密码', { exact: true }).fill('Double-Tap-2026!');
      await dialog.getByLabel('确认密码').fill('Double-Tap-2026!');
      await dialog.getByLabel('姓名').fill('双击测试');
      // the first node is the city: a role whose scope may be a city (API.md "Role and scope agree")
      await pick(page, dialog, '角色', '督查员');
      await dialog.getByLabel('管辖范围').click();
      await page.locator('.ant-select-tree-node-content-wrapper').first().click();
      await screenshot(page, 'double-tap-admin-new-user');
      await doubleTapOk(page, '新增');
      await page.getByText(username).first().waitFor();
      expect(creates.count).toBe(1);
      expect(await page.locator('.ant-message-error').count()).toBe(0);
      await admin.done();
    },
    BROWSER_TEST_MS,
  );
});
