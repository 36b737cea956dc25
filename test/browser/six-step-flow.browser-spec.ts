import { PHONE } from '../../libs/testing/src/browser.js';
import {
  type ConsoleFixture,
  confirmDialog,
  expectStatus,
  pageAs,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';
import { newPage } from '../../libs/testing/src/browser.js';

// One ticket through all six steps of 六联单, each by its own role in its own browser session.
describe('六联单 in the browser: one ticket, six steps, five roles', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  }, 60_000);
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
    await w.getByRole('button', { name: '接单', exact: true }).click();
    await confirmDialog(w);
    await expectStatus(w, 'accepted');
    await screenshot(w, 'flow-2-grid-worker-accepted');

    // 3. 村社派单: the community's dispatcher picks the party member from the ranked suggestions.
    const desk = await pageAs(fx, fx.users.dispatcher);
    const d = desk.page;
    await d.goto(`${base}/desk`);
    await d.locator(`[data-ticket-id="${ticketId}"]`).getByRole('link', { name: number }).click();
    await d.getByRole('button', { name: '派单', exact: true }).click();
    await d.locator(`[data-candidate-id="${fx.users.partyMember.id}"]`).click();
    await screenshot(d, 'flow-3-dispatch-suggestions');
    await confirmDialog(d);
    await expectStatus(d, 'dispatched');

    // 4. 党员接单: the party member claims it and reports the result.
    const party = await pageAs(fx, fx.users.partyMember, PHONE);
    const p = party.page;
    await p.goto(`${base}/my/tasks`);
    await p.locator(`[data-ticket-id="${ticketId}"]`).waitFor();
    await p.goto(`${base}/tickets/${ticketId}`);
    await p.getByRole('button', { name: '认领', exact: true }).click();
    await confirmDialog(p);
    await expectStatus(p, 'claimed');
    await p.getByRole('button', { name: '办结', exact: true }).click();
    await p.getByLabel('办理结果').fill('已更换楼道灯泡，亮了');
    await confirmDialog(p);
    await expectStatus(p, 'resolved');
    await screenshot(p, 'flow-4-party-member-resolved');

    // 5. 督查兑单: the supervisor calls the resident back and passes it; 6. 归档销单.
    const review = await pageAs(fx, fx.users.supervisor);
    const s = review.page;
    await s.goto(`${base}/review`);
    await s.locator(`[data-ticket-id="${ticketId}"]`).getByRole('link', { name: number }).click();
    await s.getByRole('button', { name: '督查兑单', exact: true }).click();
    const dialog = s.getByRole('dialog');
    await dialog.getByText('通过', { exact: true }).click();
    // The satisfaction select: pick 满意 and make sure the form holds it (a click during the
    // dropdown's opening animation can miss).
    const chosen = dialog.locator('.ant-select-content[title="满意"]');
    for (let attempt = 0; attempt < 3 && !(await chosen.count()); attempt++) {
      await dialog.getByLabel('群众满意度').click();
      await s.locator('.ant-select-item-option', { hasText: /^满意$/ }).click();
      await chosen.waitFor({ timeout: 3_000 }).catch(() => undefined);
    }
    await chosen.waitFor();
    await dialog.getByLabel('回访记录').fill('电话回访，群众表示满意');
    await confirmDialog(s);
    await expectStatus(s, 'verified');
    await s.getByRole('button', { name: '归档销单', exact: true }).click();
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
    expect(await s.getByTestId('timeline-event').count()).toBe(types.length);

    // The resident sees every step on the tracking page.
    await r.goto(`${base}/t/${trackingCode}`);
    for (const step of ['群众点单', '网格接单', '村社派单', '党员接单', '督查兑单', '归档销单'])
      await r.getByText(step).first().waitFor();
    await screenshot(r, 'flow-7-resident-tracking');

    for (const session of [worker, desk, party, review]) await session.done();
    await resident.context.close();
  }, 180_000);
});
