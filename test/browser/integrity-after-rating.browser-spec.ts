import pg from 'pg';
import { filePublicTicket } from '../support/index.js';
import { advanceToVerified, type ConsoleFixture, pageAs, screenshot, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 150_000;
const DESK = { width: 1440, height: 900 };

// A resident may rate within the rating window after 督查兑单, also when the supervisor archived
// (and so sealed) the ticket first. The integrity check (完整性校验) used to call that timeline
// tampered with; it now shows the sealed part intact and the rating as written after the seal.
// The timeline names the resident as the rating's author.
describe('完整性校验 on a ticket the resident rated after it was archived', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'the supervisor sees 校验通过 with the late rating named; an event written behind its back fails the check',
    async () => {
      const api = fx.server.api;
      const t = await filePublicTicket(api, fx.grid, { itemCode: fx.itemCode, description: '小区路灯不亮' });
      await advanceToVerified(fx, t.id);
      const archive = await api
        .http()
        .post(`/api/v1/tickets/${t.id}/archive`)
        .set('Authorization', `Bearer ${fx.users.supervisor.token}`)
        .send({});
      expect(archive.status).toBe(200);
      const rating = await api
        .http()
        .post(`/api/v1/public/tickets/${t.trackingCode}/rating`)
        .send({ satisfaction: 'very_satisfied', comment: '修得很快' });
      expect(rating.status).toBe(201);

      const { page, done } = await pageAs(fx, fx.users.supervisor, DESK);
      await page.goto(`${fx.server.baseUrl}/tickets/${t.id}`);
      // The timeline names the resident for their filing and their rating, not 系统.
      const rated = page.locator('[data-testid="timeline-event"][data-type="rated"]');
      await rated.getByText('群众', { exact: true }).waitFor();
      expect(await rated.getByText('系统', { exact: true }).count()).toBe(0);
      await page
        .locator('[data-testid="timeline-event"][data-type="filed"]')
        .getByText(/^群众（.+）$/)
        .waitFor();
      const panel = page.getByTestId('integrity');
      await panel.getByRole('button', { name: /完整性校验/ }).click();
      await panel.getByText('校验通过：办理记录完整，未被篡改').waitFor();
      await panel.getByText(/封存后追加 1 条（第 \d+ 条群众评价），不在封存范围内。/).waitFor();
      await screenshot(page, 'integrity-after-rating-supervisor');

      // The tables' owner appends a comment to the archived timeline: the check fails.
      const owner = new pg.Client({ connectionString: api.config.databaseOwnerUrl });
      await owner.connect();
      try {
        await owner.query(
          `INSERT INTO ticket_event (ticket_id, seq, type, actor_role, comment, data)
           SELECT id, last_seq + 1, 'commented', 'supervisor', '补记', '{}' FROM ticket WHERE id = $1`,
          [t.id],
        );
      } finally {
        await owner.end();
      }
      await panel.getByRole('button', { name: /完整性校验/ }).click();
      await panel.getByText('校验未通过：办理记录与归档封存时不一致').waitFor();
      expect(await panel.getByText('校验通过：办理记录完整，未被篡改').count()).toBe(0);
      await screenshot(page, 'integrity-after-rating-tampered');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
