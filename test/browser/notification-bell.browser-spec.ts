import { randomUUID } from 'node:crypto';
import { NotificationsService } from '@gridflow/notifications';
import { newPage, signIn } from '../support/browser.js';
import { TEST_PASSWORD, until } from '../support/index.js';
import { type ConsoleFixture, screenshot, startConsoleFixture } from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 120_000;
const DESK = { width: 1440, height: 900 };

// 消息铃铛: live notifications over the stream, opened with single-use tickets (issue 16 item 7).
describe('notification bell: live notifications without the login token in any URL', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'a party member sees a new dispatch live, and again after the stream dropped and reconnected',
    async () => {
      const user = fx.users.partyMember;
      const { page, context } = await newPage(fx.browser, DESK);
      const streamUrls: string[] = [];
      const ticketPosts: number[] = [];
      page.on('request', (req) => {
        if (req.url().includes('/api/v1/notifications/stream?')) streamUrls.push(req.url());
      });
      // The bell re-reads its list each time a stream has opened (the server listens from then on).
      let listReadsAfterSecondStream = 0;
      page.on('response', (res) => {
        if (res.url().endsWith('/api/v1/notifications/stream-ticket')) ticketPosts.push(res.status());
        if (res.url().includes('/api/v1/notifications?') && streamUrls.length >= 2) listReadsAfterSecondStream++;
      });
      // The first stream the page opens is cut off, as a flaky network or a restarted API would.
      let cut = false;
      await page.route('**/api/v1/notifications/stream?*', async (route) => {
        if (!cut) {
          cut = true;
          await route.abort('connectionreset');
        } else {
          await route.continue();
        }
      });
      await signIn(page, fx.server.baseUrl, user.username, TEST_PASSWORD);

      // the bell took a second ticket and opened the stream again by itself
      await until('a second stream, with a new ticket', async () => streamUrls.length >= 2, 60_000);
      await until('the second stream to be open', async () => listReadsAfterSecondStream >= 1, 60_000);
      expect(ticketPosts.length).toBeGreaterThanOrEqual(2);
      expect(ticketPosts.every((s) => s === 201)).toBe(true);
      const tickets = streamUrls.map((u) => new URL(u).searchParams.get('ticket'));
      expect(new Set(tickets).size).toBe(tickets.length);
      for (const url of streamUrls) {
        expect(url).not.toContain(user.token);
        expect(url).not.toContain('access_token');
      }

      const [sent] = await fx.server.api.app.get(NotificationsService).send([user.id], {
        type: 'dispatched',
        ticketId: null,
        title: '新派单：小区门口路灯不亮',
        body: '请于今日内联系居民处理',
        data: {},
        dedupeKey: `bell-journey:${randomUUID()}`,
      });
      expect(sent).toBeDefined();
      // the pop-up and the badge, without reloading the page
      await page.getByText('新派单：小区门口路灯不亮').first().waitFor();
      await until(
        'the unread badge to show 1',
        async () => (await page.getByTestId('notification-count').innerText()).includes('1'),
        30_000,
      );
      await screenshot(page, 'notification-bell-live-after-reconnect');
      await page.getByRole('button', { name: '消息' }).click();
      await page.getByText('请于今日内联系居民处理').first().waitFor();
      await screenshot(page, 'notification-bell-open');
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
