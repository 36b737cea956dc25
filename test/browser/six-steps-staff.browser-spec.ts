import { PHONE } from '../support/browser.js';
import { STATUS_LABEL } from '@gridflow/domain';
import {
  type ConsoleFixture,
  fileByApi,
  horizontalOverflow,
  pageAs,
  screenshot,
  startConsoleFixture,
} from './console-fixture.js';

const BROWSER_TEST_MS = 120_000;
const STEP_NAMES = ['群众点单', '网格接单', '村社派单', '党员接单', '督查兑单', '归档销单'];

// Issue 18 item 6: staff ticket pages show the 六联单 progress; status tags speak the step names.
describe('the six steps on staff ticket pages', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'shows all six step names with the ticket at 村社派单, and tags in the same words',
    async () => {
      const t = await fileByApi(fx, '六步进度测试');
      const accept = await fx.server.api
        .http()
        .post(`/api/v1/tickets/${t.id}/accept`)
        .set('Authorization', `Bearer ${fx.users.gridWorker.token}`)
        .send({});
      expect(accept.status).toBe(200);

      const desk = await pageAs(fx, fx.users.dispatcher);
      await desk.page.goto(`${fx.server.baseUrl}/tickets/${t.id}`);
      const bar = desk.page.getByTestId('six-steps');
      await bar.waitFor();
      const text = await bar.innerText();
      for (const name of STEP_NAMES) expect(text).toContain(name);
      // 群众点单 and 网格接单 done (with times), 村社派单 in progress.
      await bar.locator('.ant-steps-item-process').getByText('村社派单').waitFor();
      expect(await bar.locator('.ant-steps-item-finish').count()).toBe(2);
      const tag = desk.page.locator('[data-status="accepted"]').first();
      expect((await tag.innerText()).trim()).toBe('待村社派单');
      await screenshot(desk.page, 'six-steps-dispatcher');

      // The desk list's tags use the same words.
      await desk.page.goto(`${fx.server.baseUrl}/desk`);
      const row = desk.page.locator(`[data-ticket-id="${t.id}"]`).first();
      await row.waitFor();
      expect(await row.innerText()).toContain(STATUS_LABEL.accepted);
      expect(await row.innerText()).not.toContain('待派单\n');
      await desk.done();

      // The grid worker's phone shows the bar too, scrollable within the screen.
      const worker = await pageAs(fx, fx.users.gridWorker, PHONE);
      await worker.page.goto(`${fx.server.baseUrl}/tickets/${t.id}`);
      await worker.page.getByTestId('six-steps').waitFor();
      expect(await worker.page.getByTestId('six-steps').innerText()).toContain('归档销单');
      expect(await horizontalOverflow(worker.page)).toBeLessThanOrEqual(0);
      await screenshot(worker.page, 'six-steps-grid-worker-phone');
      await worker.done();
    },
    BROWSER_TEST_MS,
  );
});
