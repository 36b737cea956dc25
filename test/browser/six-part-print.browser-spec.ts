import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { must } from '../support/index.js';
import { advanceToVerified, type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 150_000;
const DESK = { width: 1440, height: 900 };
const PHONE = '13800138000';
const MASKED = '138****8000';
const PDF_DIR = join(process.cwd(), 'test-artifacts', 'pdf');

interface Filed {
  id: string;
  number: string;
  trackingCode: string;
}

/** Pages of a PDF: its page objects (`/Type /Page`, not the `/Pages` tree). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?![a-z])/g) ?? []).length;

/** The print page with print media, as an A4 PDF under test-artifacts/pdf/<name>.pdf. */
async function printToPdf(page: Page, name: string): Promise<Buffer> {
  await page.emulateMedia({ media: 'print' });
  await screenshot(page, `${name}-print-media`);
  const pdf = await page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.emulateMedia({ media: 'screen' });
  mkdirSync(PDF_DIR, { recursive: true });
  writeFileSync(join(PDF_DIR, `${name}.pdf`), pdf);
  return pdf;
}

const sheetsReady = (page: Page) => page.locator('[data-testid="six-part-sheets"][data-ready="true"]').waitFor();

// Issue 19 item 5: the printed 六联单, one ticket or a selection one per page.
describe('printing the 六联单', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  const tracking = (t: Filed) => `${fx.server.api.config.publicBaseUrl}/t/${t.trackingCode}`;

  it(
    'a finished ticket: six parts with their actors, signature lines, the tracking QR code; one A4 page',
    async () => {
      const t = (await fx.server.api
        .http()
        .post('/api/v1/public/tickets')
        .send({
          itemCode: fx.itemCode,
          gridCode: fx.grid,
          description: '小区门口路灯不亮，晚上出行不便',
          location: { address: '幸福里5号楼东侧' },
          reporter: { name: '钱女士', phone: PHONE },
        })
        .then((res) => must<Filed>(res, 'file'))) as Filed;
      await advanceToVerified(fx, t.id);
      must(
        await fx.server.api
          .http()
          .post(`/api/v1/tickets/${t.id}/archive`)
          .set('Authorization', `Bearer ${fx.users.supervisor.token}`)
          .send({ comment: '材料齐全，归档' }),
        'archive',
      );
      const { page, done } = await pageAs(fx, fx.users.supervisor, DESK);
      try {
        // The 打印 button on the ticket page opens the print page.
        await page.goto(`${fx.server.baseUrl}/tickets/${t.id}`);
        await page.getByRole('button', { name: '打印' }).click();
        await page.waitForURL(`**/tickets/${t.id}/print`);
        await sheetsReady(page);

        const sheet = page.locator(`article[data-ticket-id="${t.id}"]`);
        const text = await sheet.innerText();
        for (const words of [t.number, '幸福里5号楼东侧', '小区门口路灯不亮', fx.grid, PHONE])
          expect(text).toContain(words);
        const parts = sheet.locator('section.six-part');
        expect(await parts.count()).toBe(6);
        const { gridWorker, dispatcher, partyMember, supervisor } = fx.users;
        const actors: [string, string, string][] = [
          ['submitted', '第一联 群众点单', '群众'],
          ['accepted', '第二联 网格接单', gridWorker.displayName],
          ['dispatched', '第三联 村社派单', dispatcher.displayName],
          ['claimed', '第四联 党员接单', partyMember.displayName],
          ['verified', '第五联 督查兑单', supervisor.displayName],
          ['archived', '第六联 归档销单', supervisor.displayName],
        ];
        for (const [step, title, actor] of actors) {
          const part = sheet.locator(`section[data-step="${step}"]`);
          expect(await part.getAttribute('data-reached')).toBe('true');
          expect(await part.locator('h2').innerText()).toContain(title);
          expect(await part.getByTestId('part-actor').innerText()).toContain(actor);
          expect(await part.locator('.six-part-sign').innerText()).toMatch(/经办人签字：\s*日期：/);
        }
        expect(await sheet.locator('section[data-step="claimed"]').innerText()).toContain('已处理');
        expect(await sheet.locator('section[data-step="archived"]').innerText()).toContain('材料齐全，归档');

        const qr = sheet.locator('.six-part-qr img');
        await qr.waitFor();
        expect(await qr.getAttribute('data-qr-link')).toBe(tracking(t));
        await page.waitForFunction(
          (el) => (el as unknown as { complete: boolean; naturalWidth: number }).complete,
          await qr.elementHandle(),
        );
        expect(await qr.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(
          0,
        );
        await screenshot(page, 'six-part-finished');

        const pdf = await printToPdf(page, 'six-part-finished');
        expect(pageCount(pdf)).toBe(1);
      } finally {
        await done();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'from the desk, a selection of three: one ticket per page, parts not reached left blank, the phone masked',
    async () => {
      const tickets: Filed[] = [];
      for (const n of [1, 2, 3]) {
        const t = (await fx.server.api
          .http()
          .post('/api/v1/public/tickets')
          .send({
            itemCode: fx.itemCode,
            gridCode: fx.grid,
            description: `打印测试 ${n}：楼道堆物`,
            reporter: { phone: PHONE },
          })
          .then((res) => must<Filed>(res, 'file'))) as Filed;
        tickets.push(t);
      }
      const { page, done } = await pageAs(fx, fx.users.dispatcher, DESK);
      try {
        await page.goto(`${fx.server.baseUrl}/desk`);
        for (const t of tickets) await page.getByRole('checkbox', { name: `选择工单 ${t.number}` }).check();
        await page.getByRole('button', { name: '打印六联单' }).click();
        await page.waitForURL(/\/tickets\/print\?ids=/);
        await sheetsReady(page);
        const sheets = page.locator('article.six-part-sheet');
        expect(await sheets.count()).toBe(3);
        for (const t of tickets) {
          const sheet = page.locator(`article[data-ticket-id="${t.id}"]`);
          expect(await sheet.locator('section[data-reached="true"]').count()).toBe(1);
          expect(await sheet.locator('section[data-reached="false"] .six-part-blank').count()).toBe(5);
          expect(await sheet.getByText('经办人签字：').count()).toBe(6);
          const text = await sheet.innerText();
          expect(text).toContain(MASKED);
          expect(text).not.toContain(PHONE);
          const qr = sheet.locator('.six-part-qr img');
          await qr.waitFor();
          expect(await qr.getAttribute('data-qr-link')).toBe(tracking(t));
        }
        await screenshot(page, 'six-part-selection');
        const pdf = await printToPdf(page, 'six-part-selection');
        expect(pageCount(pdf)).toBe(3);
      } finally {
        await done();
      }
    },
    BROWSER_TEST_MS,
  );
});
