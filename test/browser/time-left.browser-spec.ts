import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { type TestUser, until } from '../support/index.js';
import { type ConsoleFixture, fileByApi, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;
/** The dispatcher's desk and the field staff's phone, as issue 19 names them. */
const DESK = { width: 1440, height: 900 };
const PHONE = { width: 390, height: 844 };
const HOUR = 3600_000;

// Issue 19 item 2 "Time left": the 超时 ticket comes first on the desk (sort=urgency) with a
// labelled badge and "超时 …"; 只看超时 leaves only overdue tickets; the phone cards of the grid
// worker and the party member say the same.
describe('time left and 超时 in the console', () => {
  let fx: ConsoleFixture;
  let db: DataSource;
  beforeAll(async () => {
    fx = await startConsoleFixture();
    db = fx.server.api.app.get(DataSource);
  });
  afterAll(() => fx?.close());

  const act = async (user: TestUser, id: string, action: string, body: object) => {
    const res = await fx.server.api
      .http()
      .post(`/api/v1/tickets/${id}/${action}`)
      .set('Authorization', `Bearer ${user.token}`)
      .send(body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  /** The step's times as the worker would have left them; the deadlines tests set due_at the same way. */
  const setStep = (id: string, due: Date, warn: Date, flags: { warning: boolean; overdue: boolean }) =>
    db.query(`UPDATE ticket SET due_at = $2, warn_at = $3, warning = $4, overdue = $5 WHERE id = $1`, [
      id,
      due,
      warn,
      flags.warning,
      flags.overdue,
    ]);

  const rowIds = (page: Page) =>
    page.locator('tbody tr[data-ticket-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ticket-id')));

  it(
    'shows the overdue ticket first with 超时 and its time, filters to 超时, on the desk and the phones',
    async () => {
      const { gridWorker, dispatcher, partyMember } = fx.users;
      // Filed in this order, newest last: the overdue one is the oldest, so only the urgency order puts it first.
      const late = await fileByApi(fx, '路灯不亮已一周（超时）');
      const soon = await fileByApi(fx, '楼道堆放杂物（临期）');
      const fresh = await fileByApi(fx, '小区门口垃圾未清运（正常）');
      await act(gridWorker, late.id, 'accept', {});
      await act(dispatcher, late.id, 'dispatch', { assigneeId: partyMember.id });
      const now = Date.now();
      // Due 20 days ago: working days have passed since whatever the weekday (its item counts working time).
      await setStep(late.id, new Date(now - 20 * 24 * HOUR), new Date(now - 21 * 24 * HOUR), {
        warning: true,
        overdue: true,
      });
      await setStep(soon.id, new Date(now + 2 * HOUR), new Date(now - HOUR), { warning: true, overdue: false });
      await setStep(fresh.id, new Date(now + 50 * HOUR), new Date(now + 40 * HOUR), { warning: false, overdue: false });

      // The dispatcher's desk: 超时 first, then 临期, then 正常 — the server's order.
      const desk = await pageAs(fx, dispatcher, DESK);
      await desk.page.goto(`${fx.server.baseUrl}/desk`);
      const first = desk.page.locator('tbody tr[data-ticket-id]').first();
      await desk.page.locator(`tbody tr[data-ticket-id="${fresh.id}"]`).waitFor();
      expect(await rowIds(desk.page)).toEqual([late.id, soon.id, fresh.id]);
      const badge = first.locator('[data-light]');
      expect(await badge.getAttribute('data-light')).toBe('overdue');
      expect(await badge.innerText()).toBe('超时');
      expect(await first.getByTestId('time-left').innerText()).toMatch(/^超时 \d+ 个工作日/);
      const soonRow = desk.page.locator(`tbody tr[data-ticket-id="${soon.id}"]`);
      expect(await soonRow.locator('[data-light]').innerText()).toBe('临期');
      expect(await soonRow.getByTestId('time-left').innerText()).toMatch(/^剩余 /);
      const freshRow = desk.page.locator(`tbody tr[data-ticket-id="${fresh.id}"]`);
      expect(await freshRow.locator('[data-light]').innerText()).toBe('正常');
      await screenshot(desk.page, 'time-left-desk');

      // 只看超时: only the overdue ticket stays.
      await desk.page.getByRole('switch', { name: '只看超时' }).click();
      await desk.page.locator(`tbody tr[data-ticket-id="${soon.id}"]`).waitFor({ state: 'detached' });
      expect(await rowIds(desk.page)).toEqual([late.id]);
      await screenshot(desk.page, 'time-left-desk-overdue-only');

      // The ticket page says it too.
      await desk.page.goto(`${fx.server.baseUrl}/tickets/${late.id}`);
      await desk.page.getByTestId('time-left').first().waitFor();
      expect(await desk.page.getByTestId('time-left').first().innerText()).toMatch(/^超时 /);
      await desk.done();

      // The grid worker's phone: the 超时 tab of the grid's queue.
      const field = await pageAs(fx, gridWorker, PHONE);
      await field.page.goto(`${fx.server.baseUrl}/my/queue`);
      await field.page.getByText('超时', { exact: true }).first().click();
      const card = field.page.locator(`[data-ticket-id="${late.id}"]`);
      await card.waitFor();
      // only it, once the tab's list has replaced the one before
      await until(
        'the 超时 tab to hold one ticket',
        async () => (await field.page.locator('[data-ticket-id]').count()) === 1,
      );
      expect(await card.locator('[data-light]').innerText()).toBe('超时');
      expect(await card.getByTestId('time-left').innerText()).toMatch(/^超时 /);
      await screenshot(field.page, 'time-left-grid-worker-phone');
      await field.done();

      // The party member's phone: 我的任务 shows the 超时 badge and time on the card, and a 超时 tab.
      const party = await pageAs(fx, partyMember, PHONE);
      await party.page.goto(`${fx.server.baseUrl}/my/tasks`);
      const task = party.page.locator(`[data-ticket-id="${late.id}"]`);
      await task.waitFor();
      expect(await task.locator('[data-light]').innerText()).toBe('超时');
      expect(await task.getByTestId('time-left').innerText()).toMatch(/^超时 /);
      await party.page.getByText('超时', { exact: true }).first().click();
      await task.waitFor();
      await screenshot(party.page, 'time-left-party-member-phone');
      await party.done();
    },
    BROWSER_TEST_MS,
  );
});
