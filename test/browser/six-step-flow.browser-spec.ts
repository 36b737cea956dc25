import { PHONE } from '../support/browser.js';
import {
  type ConsoleFixture,
  confirmDialog,
  openDialog,
  expectStatus,
  pageAs,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';
import { newPage } from '../support/browser.js';
import { until } from '../support/index.js';

// One ticket through all six steps of 六联单, each by its own role in its own browser session.
describe('六联单 in the browser: one ticket, six steps, five roles', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it('goes 群众点单 → 网格接单 → 村社派单 → 党员接单 → 督查兑单 → 归档销单', async () => {
    const base = fx.server.baseUrl;
    const description = `楼道灯坏了，晚上看不见路 ${Date.now()}`;

    // 1. 群众点单: a resident scans the sign board's QR code and files on a phone.
    const resident = await newPage(fx.browser, PHONE);
    const r = resident.page;
    await r.goto(`${base}/r/${fx.grid}`);
    await r.getByRole('radio').first().waitFor();
    await r
      .locator(`input[value="${fx.itemCode}"]`)
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
    // choose the item's category, then the item
    const categories = r.getByRole('radiogroup', { name: '事项类别' }).getByRole('radio');
    for (let i = 0; i < (await categories.count()); i++) {
      await categories.nth(i).click();
      if (await r.locator(`input[value="${fx.itemCode}"]`).count()) break;
    }
    await r.locator(`label:has(input[value="${fx.itemCode}"])`).click();
    await r.getByLabel('诉求描述').fill(description);
    await r.getByLabel('联系电话（选填）').fill('13812345678');
    await r.getByRole('button', { name: '提交诉求' }).click();
    const trackingCode = (await r.getByTestId('tracking-code').first().innerText()).trim();
    const number = (await r.getByTestId('ticket-number').first().innerText()).trim();
    expect(trackingCode).toMatch(/^[A-Z0-9]{8}$/);
    await screenshot(r, 'flow-1-resident-filed');

    // 2. 网格接单: the grid worker, on a phone, finds it in the grid's queue and accepts it.
    const worker = await pageAs(fx, fx.users.gridWorker, PHONE);
    const w = worker.page;
    await w.goto(`${base}/my/queue`);
    await w.getByText(number).first().click();
    await w.waitForURL(/\/tickets\/[0-9a-f-]{36}$/);
    const ticketId = w.url().split('/').pop()!;
    await w.getByText(description).first().waitFor();
    await openDialog(w, '接单');
    await confirmDialog(w);
    await expectStatus(w, 'accepted');
    await screenshot(w, 'flow-2-grid-worker-accepted');

    // 3. 村社派单: the community's dispatcher picks the party member from the ranked suggestions.
    const desk = await pageAs(fx, fx.users.dispatcher);
    const d = desk.page;
    await d.goto(`${base}/desk`);
    await d.locator(`[data-ticket-id="${ticketId}"]`).getByRole('link', { name: number }).click();
    const dispatch = await openDialog(d, '派单');
    // The candidate's radio (data-candidate-id is on its <input>); check() fails if it stays unchecked.
    await dispatch.locator(`input[data-candidate-id="${fx.users.partyMember.id}"]`).check();
    await screenshot(d, 'flow-3-dispatch-suggestions');
    await confirmDialog(d);
    await expectStatus(d, 'dispatched');

    // 4. 党员接单: the party member claims it and reports the result.
    const party = await pageAs(fx, fx.users.partyMember, PHONE);
    const p = party.page;
    await p.goto(`${base}/my/tasks`);
    await p.locator(`[data-ticket-id="${ticketId}"]`).waitFor();
    await p.goto(`${base}/tickets/${ticketId}`);
    await openDialog(p, '认领');
    await confirmDialog(p);
    await expectStatus(p, 'claimed');
    const resolve = await openDialog(p, '办结');
    await resolve.getByLabel('办理结果').fill('已更换楼道灯泡，亮了');
    await confirmDialog(p);
    await expectStatus(p, 'resolved');
    await screenshot(p, 'flow-4-party-member-resolved');

    // 5. 督查兑单: the supervisor calls the resident back and passes it; 6. 归档销单.
    const review = await pageAs(fx, fx.users.supervisor);
    const s = review.page;
    await s.goto(`${base}/review`);
    await s.locator(`[data-ticket-id="${ticketId}"]`).getByRole('link', { name: number }).click();
    const dialog = await openDialog(s, '督查兑单');
    await dialog.getByText('通过', { exact: true }).click();
    // Never pre-ticked: the supervisor ticks that the call reached the resident.
    await dialog.getByText('已电话回访到群众').click();
    // The satisfaction select: pick 满意 and make sure the form holds it. Under load the dropdown
    // can close again during its opening animation, before the option takes the click: then the
    // select is opened again (each attempt short, five at most).
    const chosen = dialog.locator('.ant-select-content[title="满意"]');
    const option = s.locator('.ant-select-item-option', { hasText: /^满意$/ });
    for (let attempt = 0; attempt < 5 && !(await chosen.count()); attempt++) {
      if (!(await option.isVisible())) await dialog.getByLabel('群众满意度').click();
      await option.click({ timeout: 3_000 }).catch(() => undefined);
      await chosen.waitFor({ timeout: 2_000 }).catch(() => undefined);
    }
    await chosen.waitFor();
    await dialog.getByLabel('回访记录').fill('电话回访，群众表示满意');
    await confirmDialog(s);
    await expectStatus(s, 'verified');
    await openDialog(s, '归档销单');
    await confirmDialog(s);
    await expectStatus(s, 'archived');
    await screenshot(s, 'flow-5-6-supervisor-archived');

    // The ticket and its timeline, as the API holds them.
    const res = await fx.server.api
      .http()
      .get(`/api/v1/tickets/${ticketId}`)
      .set('Authorization', `Bearer ${fx.users.supervisor.token}`);
    expect(res.body.status).toBe('archived');
    expect(res.body.satisfaction).toBe('satisfied');
    expect(res.body.assignee.id).toBe(fx.users.partyMember.id);
    const types = (res.body.timeline as { type: string }[]).map((e) => e.type);
    expect(types).toEqual(
      expect.arrayContaining(['filed', 'accepted', 'dispatched', 'claimed', 'resolved', 'verified', 'archived']),
    );
    // The timeline shown on the page is the API's.
    // (the page fetches the timeline again after each step: wait for it to hold all of them)
    await until(
      `${types.length} timeline events on the page`,
      async () => (await s.getByTestId('timeline-event').count()) === types.length,
    );

    // The resident sees every step on the tracking page.
    await r.goto(`${base}/t/${trackingCode}`);
    for (const step of ['群众点单', '网格接单', '村社派单', '党员接单', '督查兑单', '归档销单'])
      await r.getByText(step).first().waitFor();
    await screenshot(r, 'flow-7-resident-tracking');

    for (const session of [worker, desk, party, review]) await session.done();
    await resident.context.close();
  }, 180_000);
});
