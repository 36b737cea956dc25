import type { Page } from 'playwright-core';
import { until } from '../support/index.js';
import {
  type ConsoleFixture,
  confirmDialog,
  expectStatus,
  fileByApi,
  pageAs,
  pngImage,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';

const BROWSER_TEST_MS = 120_000;
const PHONE_390 = { width: 390, height: 844 };

interface TimelineEntry {
  type: string;
  comment: string | null;
}
interface TicketPage {
  items: { id: string; description: string; attachmentIds?: string[] }[];
}

// Issue 19 item 7: 网格通 on a phone without signal (docs/console.md, "Offline").
describe('offline phone (PWA) for grid workers', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  const http = () => fx.server.api.http();
  const act = async (token: string, id: string, action: string, body: object) => {
    const res = await http().post(`/api/v1/tickets/${id}/${action}`).set('Authorization', `Bearer ${token}`).send(body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const timeline = async (id: string): Promise<TimelineEntry[]> => {
    const res = await http().get(`/api/v1/tickets/${id}`).set('Authorization', `Bearer ${fx.users.gridWorker.token}`);
    return (res.body as { timeline: TimelineEntry[] }).timeline;
  };
  /** A ticket dispatched to the grid worker (办小事: accepted to handle it themselves). */
  const dispatchedToWorker = async (description: string) => {
    const ticket = await fileByApi(fx, description);
    await act(fx.users.gridWorker.token, ticket.id, 'accept', { handleSelf: true });
    return ticket;
  };
  /** The service worker controls the page (it claims the page once installed). */
  const controlled = (page: Page) =>
    until('the service worker controls the page', () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { navigator: { serviceWorker: { controller: unknown } } }).navigator.serviceWorker
            .controller !== null,
      ),
    );
  const pendingCount = (page: Page) => page.getByTestId('pending-count').innerText();

  it('serves an installable manifest and the service worker uncached', async () => {
    const index = await http().get('/').set('Accept', 'text/html');
    expect(index.text).toContain('<link rel="manifest" href="/manifest.webmanifest">');
    const manifest = await http().get('/manifest.webmanifest');
    expect(manifest.status).toBe(200);
    expect(manifest.headers['content-type']).toMatch(/^application\/manifest\+json/);
    expect(manifest.headers['cache-control']).toBe('no-cache');
    const body = JSON.parse(manifest.text) as {
      name: string;
      start_url: string;
      display: string;
      theme_color: string;
      icons: { src: string; sizes: string; type: string; purpose?: string }[];
    };
    expect(body).toMatchObject({
      name: '网格通 GridFlow',
      start_url: '/',
      display: 'standalone',
      theme_color: '#c8161d',
    });
    expect(body.icons.map((i) => i.sizes)).toEqual(expect.arrayContaining(['192x192', '512x512']));
    for (const icon of body.icons) {
      const png = await http().get(icon.src).buffer(true);
      expect({ src: icon.src, status: png.status, type: png.headers['content-type'] }).toEqual({
        src: icon.src,
        status: 200,
        type: 'image/png',
      });
    }
    const sw = await http().get('/sw.js');
    expect(sw.status).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-type']).toMatch(/javascript/);
  });

  it(
    'keeps working without signal: the shell and open tickets load, a filing with a photo, a comment and a claim are sent once back online',
    async () => {
      const toClaim = await dispatchedToWorker('离线接单的诉求');
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE_390);
      const base = fx.server.baseUrl;
      const context = page.context();
      await controlled(page);
      // Online once, under the service worker: the pages the worker will need are kept.
      await page.goto(`${base}/my/tasks`);
      await page.locator(`[data-ticket-id="${toClaim.id}"]`).first().waitFor();
      await page.goto(`${base}/tickets/new`);
      await page.getByLabel('诉求描述').waitFor();
      await page.goto(`${base}/tickets/${toClaim.id}`);
      await page.getByRole('button', { name: '认领', exact: true }).waitFor();

      await context.setOffline(true);
      await page.goto(`${base}/my/tasks`);
      await page.getByTestId('offline-indicator').waitFor();
      await page.locator(`[data-ticket-id="${toClaim.id}"]`).first().waitFor();
      await screenshot(page, 'offline-my-tasks');

      // 接单 and a 备注 on the ticket, offline.
      await page.goto(`${base}/tickets/${toClaim.id}`);
      await page.getByRole('button', { name: '认领', exact: true }).click();
      await confirmDialog(page);
      await page.getByLabel('添加备注').fill('现场已到，离线记录');
      await page.getByRole('button', { name: '提交备注' }).click();
      await until('two items pending', async () => (await pendingCount(page)) === '2');

      // 代群众点单 with a photo, offline.
      await page.goto(`${base}/tickets/new`);
      await page.getByLabel('准入事项').click();
      await page.keyboard.type(fx.itemCode);
      // the search's match (its path names the item's code), not whatever the menu showed before it filtered
      await page.locator('.ant-cascader-menu-item').filter({ hasText: fx.itemCode }).first().click();
      await page.locator('.ant-cascader').filter({ hasText: fx.itemCode }).waitFor();
      await page.getByLabel('诉求描述').fill('离线点单：路灯不亮');
      await page
        .locator('input[type=file]')
        .setInputFiles({ name: 'lamp.png', mimeType: 'image/png', buffer: pngImage() });
      await page.locator('.ant-upload-list-item-done').waitFor();
      await page.getByRole('button', { name: '提交点单' }).click();
      await page.getByText('已保存，待发送').waitFor();
      await until('three items pending', async () => (await pendingCount(page)) === '3');
      await screenshot(page, 'offline-pending');

      // Back online: sent in order, once; the badge goes.
      await context.setOffline(false);
      await page.getByTestId('offline-bar').waitFor({ state: 'detached' });
      await screenshot(page, 'offline-all-sent');

      const events = await timeline(toClaim.id);
      expect(events.filter((e) => e.type === 'claimed')).toHaveLength(1);
      expect(events.filter((e) => e.type === 'commented').map((e) => e.comment)).toEqual(['现场已到，离线记录']);
      const list = await http()
        .get('/api/v1/tickets?limit=100')
        .set('Authorization', `Bearer ${fx.users.gridWorker.token}`);
      const filed = (list.body as TicketPage).items.filter((t) => t.description === '离线点单：路灯不亮');
      expect(filed).toHaveLength(1);
      const detail = await http()
        .get(`/api/v1/tickets/${filed[0].id}`)
        .set('Authorization', `Bearer ${fx.users.gridWorker.token}`);
      const filedEvent = (detail.body as { timeline: { type: string; attachments?: string[] }[] }).timeline[0];
      expect(filedEvent).toEqual(expect.objectContaining({ type: 'filed', attachments: [expect.any(String)] }));
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows a claim that lost to a change made meanwhile in plain words, kept until dismissed',
    async () => {
      const ticket = await dispatchedToWorker('离线期间被处理的诉求');
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE_390);
      const base = fx.server.baseUrl;
      await controlled(page);
      await page.goto(`${base}/tickets/${ticket.id}`);
      await page.getByRole('button', { name: '认领', exact: true }).waitFor();

      await page.context().setOffline(true);
      await page.getByRole('button', { name: '认领', exact: true }).click();
      await confirmDialog(page);
      await until('the claim pending', async () => (await pendingCount(page)) === '1');

      // Meanwhile, on the desk, the ticket was claimed and resolved: it is no longer to be claimed.
      const { gridWorker } = fx.users;
      await act(gridWorker.token, ticket.id, 'claim', {});
      await act(gridWorker.token, ticket.id, 'resolve', { result: '已在电脑上办结' });

      await page.context().setOffline(false);
      const problem = page.getByTestId('outbox-problem');
      await problem.getByText('工单已被他人处理，您的接单未生效').waitFor();
      // The page shows the ticket as it is now, no longer to be claimed.
      await expectStatus(page, 'resolved');
      expect(await page.getByRole('button', { name: '认领', exact: true }).count()).toBe(0);
      expect(await page.getByTestId('pending-count').count()).toBe(0);
      await screenshot(page, 'offline-conflict');
      await problem.getByRole('button', { name: '知道了' }).click();
      await page.getByTestId('offline-bar').waitFor({ state: 'detached' });
      expect((await timeline(ticket.id)).filter((e) => e.type === 'claimed')).toHaveLength(1);
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    'a comment whose answer was lost on the way back is added once: the repeat carries the same Idempotency-Key',
    async () => {
      const ticket = await dispatchedToWorker('回程丢包的备注');
      const { page, done } = await pageAs(fx, fx.users.gridWorker, PHONE_390);
      const base = fx.server.baseUrl;
      const context = page.context();
      await controlled(page);
      await page.goto(`${base}/tickets/${ticket.id}`);
      await page.getByLabel('添加备注').waitFor();

      await context.setOffline(true);
      await page.getByLabel('添加备注').fill('信号差时写的备注');
      await page.getByRole('button', { name: '提交备注' }).click();
      await until('the comment pending', async () => (await pendingCount(page)) === '1');

      // The first try reaches the server and is applied, but its answer never reaches the phone.
      const keys: string[] = [];
      await context.route('**/api/v1/tickets/*/comments', async (route) => {
        keys.push(route.request().headers()['idempotency-key'] ?? '');
        if (keys.length === 1) {
          await route.fetch();
          await route.abort('connectionreset');
        } else await route.continue();
      });
      await context.setOffline(false);
      await until('the first try sent', async () => keys.length >= 1);
      // The phone tries again (on opening the console; otherwise within 15 s).
      await page.reload();
      await until('the repeat sent', async () => keys.length >= 2);
      await page.getByText('信号差时写的备注').first().waitFor();
      await until('nothing pending', async () => (await page.getByTestId('offline-bar').count()) === 0);
      expect(keys[0]).toMatch(/^[A-Za-z0-9_.:-]{1,128}$/);
      expect(new Set(keys).size).toBe(1);
      const comments = (await timeline(ticket.id)).filter((e) => e.type === 'commented');
      expect(comments.map((e) => e.comment)).toEqual(['信号差时写的备注']);
      await page.getByText('信号差时写的备注').first().waitFor();
      await screenshot(page, 'offline-comment-once');
      await context.unroute('**/api/v1/tickets/*/comments');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
