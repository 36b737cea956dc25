import { newPage, PHONE } from '../support/browser.js';
import { type ConsoleFixture, pngImage, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 150_000;

// Issue 18 item 4: the resident's form on a phone — a pasted phone number, an address without
// GPS, camera or album, a draft that survives a reload, a submit that waits for its photo.
describe("the resident's request form on a phone", () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'keeps the draft, waits for the upload and files the normalised phone and the typed address',
    async () => {
      // No geolocation permission: the address box is there all the same.
      const { page, context } = await newPage(fx.browser, PHONE);
      await page.goto(`${fx.server.baseUrl}/r/${fx.grid}`);
      const categories = page.getByRole('radiogroup', { name: '事项类别' }).getByRole('radio');
      await categories.first().waitFor();
      for (let i = 0; i < (await categories.count()); i++) {
        await categories.nth(i).click();
        if (await page.locator(`input[value="${fx.itemCode}"]`).count()) break;
      }
      await page.locator(`label:has(input[value="${fx.itemCode}"])`).click();
      await page.getByLabel('诉求描述').fill('小区东门井盖松动');
      await page.getByLabel('详细地址').fill('幸福里5号楼东侧');
      await page.getByLabel('联系电话（选填）').fill('138 0013 8000');

      // Camera or album: the file input does not force the camera.
      const input = page.locator('input[type="file"]');
      expect(await input.getAttribute('capture')).toBeNull();

      // A reload keeps what was typed.
      await page.reload();
      await page.getByLabel('诉求描述').waitFor();
      expect(await page.getByLabel('诉求描述').inputValue()).toBe('小区东门井盖松动');
      expect(await page.getByLabel('详细地址').inputValue()).toBe('幸福里5号楼东侧');
      expect(await page.getByLabel('联系电话（选填）').inputValue()).toBe('138 0013 8000');
      expect(await page.locator(`input[value="${fx.itemCode}"]`).isChecked()).toBe(true);

      // An upload the server refuses: an inline message in Chinese, and submit says why not.
      let refuse = true;
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route('**/api/v1/public/attachments', async (route) => {
        if (refuse) {
          refuse = false;
          return route.fulfill({
            status: 413,
            contentType: 'application/json',
            body: JSON.stringify({ code: 'PAYLOAD_TOO_LARGE', message: 'File too large', details: [] }),
          });
        }
        await held;
        return route.continue();
      });
      await input.setInputFiles({ name: 'big.png', mimeType: 'image/png', buffer: pngImage() });
      const errors = page.getByTestId('upload-errors');
      await errors.waitFor();
      const errorText = await errors.innerText();
      expect(errorText).toContain('上传失败');
      expect(errorText).not.toMatch(/[A-Za-z]{4,}(?<!big)(?<!png)/);
      expect(await page.getByRole('button', { name: '提交诉求' }).isDisabled()).toBe(true);
      await screenshot(page, 'resident-upload-error');
      // Remove the failed photo; pick another one, held on the way.
      await page.locator('.ant-upload-list-item-error').hover();
      await page
        .locator('.ant-upload-list-item-error [title="删除文件"], .ant-upload-list-item-error button')
        .first()
        .click();
      await errors.waitFor({ state: 'detached' });

      let filings = 0;
      page.on('request', (req) => {
        if (req.method() === 'POST' && req.url().endsWith('/api/v1/public/tickets')) filings++;
      });
      await input.setInputFiles({ name: 'door.png', mimeType: 'image/png', buffer: pngImage() });
      const waiting = page.getByRole('button', { name: /照片上传中/ });
      await waiting.waitFor();
      await waiting.click({ force: true });
      await page
        .getByLabel('诉求描述')
        .press('Enter')
        .catch(() => undefined);
      await screenshot(page, 'resident-upload-waiting');
      expect(filings).toBe(0);
      release();
      await page.getByRole('button', { name: '提交诉求' }).waitFor();
      await page.getByRole('button', { name: '提交诉求' }).click();
      const trackingCode = (await page.getByTestId('tracking-code').first().innerText()).trim();
      expect(filings).toBe(1);
      await screenshot(page, 'resident-filed-with-address');

      // Filed with the normalised phone, the typed address and the photo; the draft is gone.
      const auth = `Bearer ${fx.users.supervisor.token}`;
      const list = await fx.server.api.http().get('/api/v1/tickets').set('Authorization', auth);
      const id = (list.body.items as { id: string; trackingCode: string }[]).find(
        (t) => t.trackingCode === trackingCode,
      )!.id;
      const full = await fx.server.api.http().get(`/api/v1/tickets/${id}`).set('Authorization', auth);
      expect(full.body.reporter.phone).toBe('13800138000');
      expect(full.body.location.address).toBe('幸福里5号楼东侧');
      expect(full.body.timeline[0].attachments).toHaveLength(1);
      await page.goto(`${fx.server.baseUrl}/r/${fx.grid}`);
      await page.getByLabel('诉求描述').waitFor();
      expect(await page.getByLabel('诉求描述').inputValue()).toBe('');
      await context.close();
    },
    BROWSER_TEST_MS,
  );
});
