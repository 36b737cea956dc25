import type { Page } from 'playwright-core';
import {
  type ConsoleFixture,
  fileByApi,
  horizontalOverflow,
  pageAs,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 180_000;
const PHONE_390 = { width: 390, height: 844 };
/** The smallest touch target a control in the phone layout may have (px, both ways). */
const TARGET = 44;

/** Every visible button, link and tab on the page that is smaller than 44×44 px. */
async function smallTargets(page: Page): Promise<string[]> {
  const found: string[] = [];
  const controls = page.locator(
    'button:visible, a[href]:visible, [role="tab"]:visible, [role="button"]:visible, [role="menuitem"]:visible',
  );
  for (const control of await controls.all()) {
    const box = await control.boundingBox();
    if (!box || box.width === 0 || box.height === 0) continue;
    if (box.width < TARGET || box.height < TARGET) {
      const name = (await control.getAttribute('aria-label')) ?? (await control.innerText()).trim().slice(0, 20);
      found.push(
        `${name || (await control.evaluate((el) => el.outerHTML.slice(0, 80)))}: ${Math.round(box.width)}×${Math.round(box.height)}`,
      );
    }
  }
  return found;
}

describe('phones: the bottom tab bar of grid workers and party members', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'a grid worker taps each tab and sees its page; 退出 asks first; every control is ≥ 44×44',
    async () => {
      const filed = await fileByApi(fx, '底部导航测试的诉求');
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE_390);
      const bar = page.getByRole('navigation', { name: '底部导航' });
      await bar.waitFor();
      expect(await bar.getByRole('link').allInnerTexts()).toEqual(['工单', '上报', '任务', '消息', '我的']);
      // No drawer menu beside the tab bar.
      expect(await page.getByRole('button', { name: '菜单' }).count()).toBe(0);

      const tabs: [string, RegExp, () => Promise<void>][] = [
        ['工单', /\/my\/queue$/, () => page.locator(`[data-ticket-id="${filed.id}"]`).first().waitFor()],
        ['上报', /\/tickets\/new$/, () => page.getByTestId('grid-map').first().waitFor()],
        ['任务', /\/my\/tasks$/, () => page.getByRole('heading', { name: '我的任务' }).waitFor()],
        ['消息', /\/messages$/, () => page.getByRole('heading', { name: '消息' }).waitFor()],
        ['我的', /\/me$/, () => page.getByText(fx.users.gridWorker.username).first().waitFor()],
      ];
      const tooSmall: string[] = [];
      for (const [label, url, shown] of tabs) {
        await bar.getByRole('link', { name: label }).click();
        await page.waitForURL(url);
        await shown();
        expect(await bar.getByRole('link', { name: label }).getAttribute('aria-current')).toBe('page');
        expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
        await screenshot(page, `phone-tab-${url.source.replace(/[^a-z]/g, '')}`);
        tooSmall.push(...(await smallTargets(page)).map((t) => `${label}: ${t}`));
      }
      await page.goto(`${fx.server.baseUrl}/tickets/${filed.id}`);
      await page.getByRole('button', { name: '接单', exact: true }).waitFor();
      tooSmall.push(...(await smallTargets(page)).map((t) => `工单详情: ${t}`));
      expect(tooSmall).toEqual([]);

      // 退出 (the header's button) asks before signing out; 取消 keeps the session.
      await page.getByRole('button', { name: '退出登录' }).first().click();
      let dialog = await settledDialog(page);
      await dialog.locator('.ant-modal-confirm-title', { hasText: '确定退出登录？' }).waitFor();
      await screenshot(page, 'phone-logout-confirm');
      await dialog.getByRole('button', { name: '取消' }).click();
      await dialog.waitFor({ state: 'hidden' });
      expect(new URL(page.url()).pathname).toBe(`/tickets/${filed.id}`);
      await page.getByRole('button', { name: '退出登录' }).first().click();
      dialog = await settledDialog(page);
      await dialog.getByRole('button', { name: '退出' }).click();
      await page.waitForURL(/\/login$/);
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a party member has 任务, 消息 and 我的, each control ≥ 44×44',
    async () => {
      const { page, done } = await pageAs(fx, fx.users.partyMember, PHONE_390);
      const bar = page.getByRole('navigation', { name: '底部导航' });
      await bar.waitFor();
      expect(await bar.getByRole('link').allInnerTexts()).toEqual(['任务', '消息', '我的']);
      const tooSmall: string[] = [];
      for (const label of ['任务', '消息', '我的']) {
        await bar.getByRole('link', { name: label }).click();
        await page.getByRole('heading', { name: label === '任务' ? '我的任务' : label }).waitFor();
        tooSmall.push(...(await smallTargets(page)).map((t) => `${label}: ${t}`));
      }
      await screenshot(page, 'phone-party-me');
      expect(tooSmall).toEqual([]);
      await done();
    },
    BROWSER_TEST_MS,
  );
});
