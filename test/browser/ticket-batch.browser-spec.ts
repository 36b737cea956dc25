import type { Page } from 'playwright-core';
import { must, until } from '../support/index.js';
import {
  advanceToVerified,
  type ConsoleFixture,
  fileByApi,
  pageAs,
  pick,
  screenshot,
  settledDialog,
  startConsoleFixture,
} from './console-fixture.js';

const BROWSER_TEST_MS = 150_000;
const DESK = { width: 1440, height: 900 };

interface Filed {
  id: string;
  number: string;
}

// Issue 19 item 3: row selection and batch actions on the desk tables; the whole row opens the ticket.
describe('batch actions in the console (批量派单, 批量归档)', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  const status = async (id: string) =>
    must<{ status: string }>(
      await fx.server.api
        .http()
        .get(`/api/v1/tickets/${id}`)
        .set('Authorization', `Bearer ${fx.users.supervisor.token}`),
      'get',
    ).status;

  async function accepted(description: string): Promise<Filed> {
    const t = (await fileByApi(fx, description)) as Filed;
    must(
      await fx.server.api
        .http()
        .post(`/api/v1/tickets/${t.id}/accept`)
        .set('Authorization', `Bearer ${fx.users.gridWorker.token}`)
        .send({}),
      'accept',
    );
    return t;
  }

  const rowOf = (page: Page, t: Filed) => page.locator(`tr[data-ticket-id="${t.id}"]`);
  const tick = (page: Page, t: Filed) => page.getByRole('checkbox', { name: `选择工单 ${t.number}` }).check();

  it(
    'a dispatcher selects three tickets, 批量派单 to a party member, sees 成功 3 件, and they leave 待派单',
    async () => {
      const tickets = [];
      for (const n of [1, 2, 3]) tickets.push(await accepted(`批量派单测试 ${n}：路灯不亮`));
      const { page, done } = await pageAs(fx, fx.users.dispatcher, DESK);
      try {
        await page.goto(`${fx.server.baseUrl}/desk`);
        await pick(page, page.locator('main'), '状态', '待村社派单');
        for (const t of tickets) await rowOf(page, t).waitFor();
        for (const t of tickets) await tick(page, t);
        await page.getByTestId('selected-count').filter({ hasText: '已选 3 件' }).waitFor();
        // Ticking does not open the ticket.
        expect(new URL(page.url()).pathname).toBe('/desk');
        await screenshot(page, 'batch-desk-selected');

        await page.getByRole('button', { name: '批量派单' }).click();
        const dialog = await settledDialog(page);
        await dialog.locator(`[data-candidate-id="${fx.users.partyMember.id}"]`).click();
        await screenshot(page, 'batch-dispatch-dialog');
        await dialog.getByRole('button', { name: '确定' }).click();
        await dialog.waitFor({ state: 'hidden' });

        const outcome = page.getByTestId('batch-outcome');
        await outcome.filter({ hasText: '批量派单：成功 3 件' }).waitFor();
        // The list (待村社派单) reloads without them.
        for (const t of tickets) await rowOf(page, t).waitFor({ state: 'detached' });
        await screenshot(page, 'batch-desk-dispatched');
        for (const t of tickets) expect(await status(t.id)).toBe('dispatched');
      } finally {
        await done();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'the archiving role selects verified tickets and 批量归档 them; a ticket archived meanwhile is named with its reason',
    async () => {
      const tickets: Filed[] = [];
      for (const n of [1, 2, 3]) {
        const t = (await fileByApi(fx, `批量归档测试 ${n}：井盖松动`)) as Filed;
        await advanceToVerified(fx, t.id);
        tickets.push(t);
      }
      const { page, done } = await pageAs(fx, fx.users.supervisor, DESK);
      try {
        await page.goto(`${fx.server.baseUrl}/review`);
        await page.getByRole('tab', { name: /待归档销单/ }).click();
        for (const t of tickets) await rowOf(page, t).waitFor();
        for (const t of tickets) await tick(page, t);
        // Someone archives the third one meanwhile: its result says so, the others go through.
        must(
          await fx.server.api
            .http()
            .post(`/api/v1/tickets/${tickets[2].id}/archive`)
            .set('Authorization', `Bearer ${fx.users.supervisor.token}`)
            .send({}),
          'archive meanwhile',
        );
        await page.getByRole('button', { name: '批量归档' }).click();
        const dialog = await settledDialog(page);
        await dialog.getByRole('button', { name: '确定' }).click();
        await dialog.waitFor({ state: 'hidden' });

        const outcome = page.getByTestId('batch-outcome');
        await outcome.filter({ hasText: '批量归档：成功 2 件，未成功 1 件' }).waitFor();
        expect(await outcome.innerText()).toContain(`工单 ${tickets[2].number}：当前状态不允许此操作`);
        for (const t of tickets) await rowOf(page, t).waitFor({ state: 'detached' });
        await screenshot(page, 'batch-review-archived');
        for (const t of tickets) expect(await status(t.id)).toBe('archived');
      } finally {
        await done();
      }
    },
    BROWSER_TEST_MS,
  );

  it(
    'clicking a row (not its number) opens the ticket; so does Enter on the focused row',
    async () => {
      const [a, b] = [await accepted('整行点击测试：垃圾未清运'), await accepted('键盘打开测试：垃圾未清运')];
      const { page, done } = await pageAs(fx, fx.users.dispatcher, DESK);
      try {
        await page.goto(`${fx.server.baseUrl}/desk`);
        await rowOf(page, a).locator('td').filter({ hasText: fx.grid }).click();
        await page.waitForURL(`**/tickets/${a.id}`);
        await page.getByText(a.number).first().waitFor();

        await page.goto(`${fx.server.baseUrl}/desk`);
        await rowOf(page, b).focus();
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/tickets/${b.id}`);
        await until('the ticket page', async () => (await page.getByText(b.number).count()) > 0);
      } finally {
        await done();
      }
    },
    BROWSER_TEST_MS,
  );
});
