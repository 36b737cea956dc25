import { DESKTOP, PHONE } from '../support/browser.js';
import {
  collectCspErrors,
  type ConsoleFixture,
  pageAs,
  renderedWidths,
  screenshot,
  startConsoleFixture,
  uploadPhoto,
  waitForRendered,
} from './console-fixture.js';

const BROWSER_TEST_MS = 120_000;

// Issue 18 item 2: photos render under the CSP; the supervisor sees before and after side by side.
describe('photos under the Content-Security-Policy', () => {
  let fx: ConsoleFixture;
  beforeAll(async () => {
    fx = await startConsoleFixture();
  });
  afterAll(() => fx?.close());

  it(
    'shows the filing and the resolution photos side by side to the supervisor, full size on a tap',
    async () => {
      const before = await uploadPhoto(fx);
      // The resident filed with a photo (the public form uploads it first).
      const withPhoto = await fx.server.api
        .http()
        .post('/api/v1/public/tickets')
        .send({
          gridCode: fx.grid,
          itemCode: fx.itemCode,
          description: '楼道里堆满杂物，有照片',
          attachmentIds: [before],
        });
      expect(withPhoto.status).toBe(201);
      const id = (withPhoto.body as { id: string }).id;

      const http = fx.server.api.http;
      const act = async (token: string, action: string, body: object) => {
        const res = await http()
          .post(`/api/v1/tickets/${id}/${action}`)
          .set('Authorization', `Bearer ${token}`)
          .send(body);
        expect({ action, status: res.status }).toEqual({ action, status: 200 });
      };
      const { gridWorker, dispatcher, partyMember } = fx.users;
      await act(gridWorker.token, 'accept', {});
      await act(dispatcher.token, 'dispatch', { assigneeId: partyMember.id });
      await act(partyMember.token, 'claim', {});
      const after = await uploadPhoto(fx, partyMember);
      await act(partyMember.token, 'resolve', { result: '已清理杂物', attachmentIds: [after] });

      // The supervisor, at the desk, opens the ticket to verify it.
      const { page, done } = await pageAs(fx, fx.users.supervisor, DESKTOP);
      const csp = collectCspErrors(page);
      await page.goto(`${fx.server.baseUrl}/tickets/${id}`);
      const beforeBox = page.getByTestId('photos-before').first();
      const afterBox = page.getByTestId('photos-after').first();
      await beforeBox.locator(`[data-attachment-id="${before}"]`).waitFor();
      await afterBox.locator(`[data-attachment-id="${after}"]`).waitFor();
      await waitForRendered(beforeBox);
      await waitForRendered(afterBox);
      expect(await renderedWidths(beforeBox)).toEqual([64]);
      expect(await renderedWidths(afterBox)).toEqual([64]);
      // Side by side: the after column starts to the right of the before column, on the same row.
      const a = (await beforeBox.boundingBox())!;
      const b = (await afterBox.boundingBox())!;
      expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
      expect(Math.abs(b.y - a.y)).toBeLessThan(4);
      await screenshot(page, 'photos-supervisor-before-after');

      // A tap opens the full-size viewer with the decoded image.
      await beforeBox.locator('img').first().click();
      const preview = page.locator('.ant-image-preview-img');
      await preview.waitFor();
      await waitForRendered(page.locator('.ant-image-preview'));
      await screenshot(page, 'photos-full-size-viewer');
      await page.keyboard.press('Escape');
      expect(csp).toEqual([]);
      await done();

      // The party member, on a phone, sees the same photos on the ticket.
      const phone = await pageAs(fx, partyMember, PHONE);
      const phoneCsp = collectCspErrors(phone.page);
      await phone.page.goto(`${fx.server.baseUrl}/tickets/${id}`);
      await phone.page.getByTestId('photos-after').locator('img').first().waitFor();
      await waitForRendered(phone.page.getByTestId('photos-before'));
      await waitForRendered(phone.page.getByTestId('photos-after'));
      await screenshot(phone.page, 'photos-party-member-phone');
      expect(phoneCsp).toEqual([]);
      await phone.done();
    },
    BROWSER_TEST_MS,
  );
});
