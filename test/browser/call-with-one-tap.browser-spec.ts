import { PHONE } from '../support/browser.js';
import {
  confirmDialog,
  type ConsoleFixture,
  expectStatus,
  openDialog,
  pageAs,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';
import { filePublicTicket } from '../support/index.js';

const BROWSER_TEST_MS = 150_000;
const NUMBER = '13800138000';
const MASKED = '138****8000';

// Issue 18 item 5: one tap calls the resident — for the grid's worker once accepted, the
// handler and the supervisor's callback; a wrong role sees the masked number and no link.
describe('call with one tap', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'offers tel: with the full number to the right people only',
    async () => {
      const base = fx.server.baseUrl;
      const t = await filePublicTicket(fx.server.api, fx.grid, {
        itemCode: fx.itemCode,
        description: '楼下商铺噪音扰民',
        reporter: { name: '钱女士', phone: NUMBER },
      });
      const url = `${base}/tickets/${t.id}`;

      // The grid worker, on a phone: masked before accepting, a tel: link right after.
      const worker = await pageAs(fx, fx.users.gridWorker, PHONE);
      await worker.page.goto(url);
      const workerPhone = worker.page.getByTestId('reporter-phone').first();
      await workerPhone.waitFor();
      expect(await workerPhone.innerText()).toContain(MASKED);
      expect(await worker.page.locator('a[href^="tel:"]').count()).toBe(0);
      await openDialog(worker.page, '接单');
      await confirmDialog(worker.page);
      await expectStatus(worker.page, 'accepted');
      const call = worker.page.locator(`a[href="tel:${NUMBER}"]`).first();
      await call.waitFor();
      expect(await call.innerText()).toContain(NUMBER);
      const box = (await call.boundingBox())!;
      expect(box.height).toBeGreaterThanOrEqual(44);
      await screenshot(worker.page, 'tel-grid-worker-after-accept');
      await worker.done();

      // The dispatcher (not the handler, not the grid's worker): masked, no link.
      const desk = await pageAs(fx, fx.users.dispatcher);
      await desk.page.goto(url);
      const deskPhone = desk.page.getByTestId('reporter-phone').first();
      await deskPhone.waitFor();
      expect(await deskPhone.innerText()).toContain(MASKED);
      expect(await desk.page.locator('a[href^="tel:"]').count()).toBe(0);
      expect(await desk.page.content()).not.toContain(NUMBER);
      await screenshot(desk.page, 'tel-dispatcher-masked');
      await desk.done();

      // The supervisor's callback in 督查兑单: a tel: link beside the callback question.
      const api = fx.server.api.http;
      const act = async (token: string, action: string, body: object) => {
        const res = await api()
          .post(`/api/v1/tickets/${t.id}/${action}`)
          .set('Authorization', `Bearer ${token}`)
          .send(body);
        expect({ action, status: res.status }).toEqual({ action, status: 200 });
      };
      await act(fx.users.dispatcher.token, 'dispatch', { assigneeId: fx.users.partyMember.id });
      await act(fx.users.partyMember.token, 'claim', {});
      await act(fx.users.partyMember.token, 'resolve', { result: '已协调商铺降低音量' });
      const review = await pageAs(fx, fx.users.supervisor);
      await review.page.goto(url);
      const dialog = await openDialog(review.page, '督查兑单');
      const callback = dialog.locator(`a[href="tel:${NUMBER}"]`);
      await callback.waitFor();
      await screenshot(review.page, 'tel-supervisor-callback');
      await review.done();

      // The handler (party member, on a phone) has the link too.
      const party = await pageAs(fx, fx.users.partyMember, PHONE);
      await party.page.goto(url);
      await party.page.locator(`a[href="tel:${NUMBER}"]`).first().waitFor();
      await party.done();
    },
    BROWSER_TEST_MS,
  );
});
