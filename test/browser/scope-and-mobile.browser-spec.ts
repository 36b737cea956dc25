import { createTestUser } from '../support/index.js';
import { DESKTOP, PHONE } from '../support/browser.js';
import {
  type ConsoleFixture,
  fileByApi,
  horizontalOverflow,
  openDialog,
  pageAs,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 120_000;

describe('console: scope and the phone layout', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    "does not show a dispatcher another community's tickets",
    async () => {
      const otherGrid = fx.city.grids.find((g) => !g.startsWith(fx.community))!;
      const ours = await fileByApi(fx, '本社区的诉求');
      const theirs = await fileByApi(fx, '别的社区的诉求', otherGrid);

      const { page, done } = await pageAs(fx, fx.users.dispatcher);
      await page.goto(`${fx.server.baseUrl}/desk`);
      await page.locator(`[data-ticket-id="${ours.id}"]`).waitFor();
      expect(await page.getByText(theirs.number).count()).toBe(0);
      expect(await page.locator(`[data-ticket-id="${theirs.id}"]`).count()).toBe(0);
      await screenshot(page, 'scope-desk');

      // Even by its address the ticket does not exist for this dispatcher (404, never 403).
      await page.goto(`${fx.server.baseUrl}/tickets/${theirs.id}`);
      await page.getByText('未找到工单').waitFor();
      expect(await page.getByText('别的社区的诉求').count()).toBe(0);
      await done();

      // The other community's dispatcher does see it.
      const other = await createTestUser(fx.server.api.app, 'dispatcher', otherGrid.slice(0, 12));
      const second = await pageAs(fx, other);
      await second.page.goto(`${fx.server.baseUrl}/desk`);
      await second.page.locator(`[data-ticket-id="${theirs.id}"]`).waitFor();
      expect(await second.page.locator(`[data-ticket-id="${ours.id}"]`).count()).toBe(0);
      await second.done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'works for a grid worker on a 375 px phone: queue, menu, filing form, ticket',
    async () => {
      const filed = await fileByApi(fx, '手机上看的诉求');
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE);
      const base = fx.server.baseUrl;

      await page.goto(`${base}/my/queue`);
      await page.locator(`[data-ticket-id="${filed.id}"]`).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'mobile-queue');

      // A grid worker's phone has a bottom tab bar instead of the drawer menu.
      await page.getByRole('navigation', { name: '底部导航' }).getByRole('link', { name: '上报' }).click();
      await page.waitForURL(/\/tickets\/new$/);
      await page.getByTestId('grid-map').first().waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'mobile-file-ticket');

      await page.goto(`${base}/tickets/${filed.id}`);
      await page.getByRole('button', { name: '接单', exact: true }).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'mobile-ticket-detail');
      await done();

      const party = await pageAs(fx, fx.users.partyMember, PHONE);
      await party.page.goto(`${base}/my/tasks`);
      await party.page.getByRole('main').waitFor();
      expect(await horizontalOverflow(party.page)).toBeLessThanOrEqual(0);
      await screenshot(party.page, 'mobile-party-tasks');
      await party.done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'keeps an open form and what was typed when the screen crosses the phone breakpoint',
    async () => {
      const filed = await fileByApi(fx, '转屏不丢表单');
      const { page, done } = await pageAs(fx, fx.users.gridWorker);
      await page.goto(`${fx.server.baseUrl}/tickets/${filed.id}`);
      const dialog = await openDialog(page, '接单');
      await dialog.getByLabel('说明').fill('已电话联系群众，下午上门');
      // A tablet turned to portrait, then back: the layout changes (side menu → tab bar), the page stays.
      const tabBar = page.getByRole('navigation', { name: '底部导航' });
      await page.setViewportSize(PHONE);
      await tabBar.waitFor();
      await screenshot(page, 'breakpoint-form-kept-phone');
      await page.setViewportSize(DESKTOP);
      await tabBar.waitFor({ state: 'detached' });
      expect(await settledDialog(page).then((d) => d.getByLabel('说明').inputValue())).toBe('已电话联系群众，下午上门');
      await screenshot(page, 'breakpoint-form-kept-desk');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
