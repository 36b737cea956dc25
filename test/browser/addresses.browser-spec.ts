import type { INestApplication } from '@nestjs/common';
import { createTestWorker, isolatedTestConfig } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const DESK = { width: 1440, height: 900 };

// Issue 20 item 2: the admin imports standard addresses (标准地址库) and finds one.
describe('标准地址库: import a csv, follow it, find an address', () => {
  let fx: ConsoleFixture;
  let worker: INestApplication;

  beforeAll(async () => {
    // Its own database: the worker runs every import of the database it runs on.
    const config = await isolatedTestConfig('addresses_browser');
    fx = await startConsoleFixture({ config });
    worker = await createTestWorker({ config });
  });
  afterAll(async () => {
    await worker?.close();
    await fx?.close();
  });

  it('imports a small csv with one bad row, shows the row report, and finds 三栋 as 3幢', async () => {
    const street = `振华南街${fx.grid.slice(0, 4)}号院`;
    const csv = [
      'address,gridCode,lng,lat',
      `${street}3幢,${fx.grid},,`,
      `${street}5幢,${fx.grid},,`,
      `${street}7幢,999999999999999,,`,
    ].join('\r\n');
    const { page, done } = await pageAs(fx, fx.users.admin, DESK);
    await page.getByRole('menuitem', { name: '标准地址库' }).click();
    await page.waitForURL((url) => url.pathname === '/admin/addresses');
    await page.getByRole('heading', { name: '标准地址库' }).waitFor();

    await page
      .locator('input[type=file]')
      .setInputFiles({ name: '标准地址.csv', mimeType: 'text/csv', buffer: Buffer.from(csv, 'utf8') });
    const progress = page.getByLabel('导入进度');
    await progress.getByText('已完成').waitFor({ timeout: 60_000 });
    const summary = await progress.innerText();
    expect(summary).toContain('新增 2 条，更新 0 条，拒绝 1 条');
    const rejected = progress.locator('tr', { hasText: '网格编码无效' });
    expect(await rejected.innerText()).toContain('4');
    await screenshot(page, 'addresses-import-report');

    await page.getByLabel('搜索地址').fill(`${street}三栋`);
    await page.getByRole('button', { name: '搜索' }).click();
    const row = page.locator('tr', { hasText: `${street}3幢` });
    await row.waitFor();
    expect(await row.innerText()).toContain(fx.grid);
    await page.locator('tr', { hasText: `${street}5幢` }).waitFor({ state: 'detached' });
    await screenshot(page, 'addresses-search');
    await done();
  });
});
