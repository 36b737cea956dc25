import { newPage, PHONE } from '../support/browser.js';
import {
  advanceToVerified,
  fileByApi,
  type ConsoleFixture,
  horizontalOverflow,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';

// A real browser on a busy 2-core machine: pages take seconds, not milliseconds.
const BROWSER_TEST_MS = 120_000;

// The residents' pages: no login, on a phone.
describe('public pages: request form from the QR code, tracking and rating', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'validates before sending, files once, and shows the tracking code',
    async () => {
      const { page, context } = await newPage(fx.browser, PHONE);
      await page.goto(`${fx.server.baseUrl}/r/${fx.grid}`);
      await page.getByText(`网格${fx.grid}`).first().waitFor();

      // Nothing sent while the form is incomplete or the phone number is malformed.
      let posted = 0;
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/api/v1/public/tickets')) posted++;
      });
      await page.getByLabel('联系电话（选填）').fill('12345');
      await page.getByRole('button', { name: '提交诉求' }).click();
      await page.getByText('请选择要反映的事项').waitFor();
      await page.getByText('请描述您的诉求').waitFor();
      await page.getByText('请输入以1开头的11位手机号码，或不填').waitFor();
      expect(posted).toBe(0);
      await screenshot(page, 'public-request-validation');

      const categories = page.getByRole('radiogroup', { name: '事项类别' }).getByRole('radio');
      for (let i = 0; i < (await categories.count()); i++) {
        await categories.nth(i).click();
        if (await page.locator(`input[value="${fx.itemCode}"]`).count()) break;
      }
      await page.locator(`label:has(input[value="${fx.itemCode}"])`).click();
      await page.getByLabel('诉求描述').fill('小区门口路灯不亮');
      await page.getByLabel('联系电话（选填）').fill('13900001111');
      await page.getByRole('button', { name: '提交诉求' }).click();
      const trackingCode = (await page.getByTestId('tracking-code').first().innerText()).trim();
      expect(posted).toBe(1);
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'public-request-filed');

      const tracked = await fx.server.api.http().get(`/api/v1/public/tickets/${trackingCode}`);
      expect(tracked.status).toBe(200);
      expect(tracked.body.status).toBe('submitted');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'shows the steps on the tracking page and takes one rating after verification',
    async () => {
      const filed = await fileByApi(fx, '垃圾桶满了没人清');
      const { page, context } = await newPage(fx.browser, PHONE);
      await page.goto(`${fx.server.baseUrl}/t/${filed.trackingCode}`);
      await page.getByText(filed.number).first().waitFor();
      await page.getByText('群众点单').first().waitFor();
      expect(await page.getByRole('button', { name: '提交评价' }).count()).toBe(0);

      await advanceToVerified(fx, filed.id);
      await page.reload();
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText('请选择满意度').waitFor();
      await page.getByText('非常满意', { exact: true }).click();
      await page.getByLabel('意见建议（选填）').fill('处理很快');
      await page.getByRole('button', { name: '提交评价' }).click();
      await page.getByText(/评价已提交/).waitFor();
      expect(await horizontalOverflow(page)).toBeLessThanOrEqual(0);
      await screenshot(page, 'public-tracking-rated');

      const ticket = await fx.server.api
        .http()
        .get(`/api/v1/tickets/${filed.id}`)
        .set('Authorization', `Bearer ${fx.users.supervisor.token}`);
      expect(ticket.body.timeline.map((e: { type: string }) => e.type)).toContain('rated');
      await context.close();
    },
    BROWSER_TEST_MS,
  );

  it(
    'says so for an unknown tracking code or grid',
    async () => {
      const { page, context } = await newPage(fx.browser, PHONE);
      await page.goto(`${fx.server.baseUrl}/t/ZZZZ9999`);
      await page.getByText('未找到该诉求').waitFor();
      await page.goto(`${fx.server.baseUrl}/r/999999999999999`);
      await page.getByText('未找到该网格').waitFor();
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
