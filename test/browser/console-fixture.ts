import type { Browser, Locator, Page } from 'playwright-core';
import {
  createTestCity,
  filePublicTicket,
  createTestUser,
  TEST_PASSWORD,
  type TestCity,
  type TestUser,
} from '@gridflow/testing';
import {
  type ConsoleServer,
  DESKTOP,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleServer,
} from '../../libs/testing/src/browser.js';

/** One browser, one API serving the console, one test city with a user per role. */
export interface ConsoleFixture {
  server: ConsoleServer;
  browser: Browser;
  city: TestCity;
  grid: string;
  community: string;
  users: {
    gridWorker: TestUser;
    partyMember: TestUser;
    dispatcher: TestUser;
    supervisor: TestUser;
    admin: TestUser;
  };
  /** an admitted grid-tier item (办小事) */
  itemCode: string;
  close: () => Promise<void>;
}

export async function startConsoleFixture(): Promise<ConsoleFixture> {
  const server = await startConsoleServer();
  const browser = await launchBrowser();
  const app = server.api.app;
  const city = await createTestCity(app);
  const grid = city.grids[0];
  const community = grid.slice(0, 12);
  const users = {
    gridWorker: await createTestUser(app, 'grid_worker', grid),
    partyMember: await createTestUser(app, 'party_member', grid),
    dispatcher: await createTestUser(app, 'dispatcher', community),
    supervisor: await createTestUser(app, 'supervisor', city.county),
    admin: await createTestUser(app, 'admin', city.city),
  };
  const catalog = await server.api.http().get('/api/v1/catalog').set('Authorization', `Bearer ${users.admin.token}`);
  const items = (catalog.body as { items: { code: string; tier: string }[] }[]).flatMap((c) => c.items);
  const itemCode = items.find((i) => i.tier === 'grid')!.code;
  return {
    server,
    browser,
    city,
    grid,
    community,
    users,
    itemCode,
    close: async () => {
      await browser.close();
      await server.close();
    },
  };
}

/** A page signed in as `user` (its own browser context). */
export async function pageAs(
  fx: ConsoleFixture,
  user: TestUser,
  viewport = DESKTOP,
): Promise<{ page: Page; done: () => Promise<void> }> {
  const { context, page } = await newPage(fx.browser, viewport);
  await signIn(page, fx.server.baseUrl, user.username, TEST_PASSWORD);
  return { page, done: () => context.close() };
}

/** A resident's request through the public API (for tests that start further along). */
export async function fileByApi(fx: ConsoleFixture, description: string, gridCode = fx.grid) {
  return filePublicTicket(fx.server.api, gridCode, { itemCode: fx.itemCode, description });
}

/** The page is no wider than the screen (nothing to scroll sideways on a phone). */
export async function horizontalOverflow(page: Page): Promise<number> {
  // Runs in the page; spelled through globalThis because the tests compile without the DOM library.
  return page.evaluate(() => {
    const { document, innerWidth } = globalThis as unknown as {
      document: { documentElement: { scrollWidth: number } };
      innerWidth: number;
    };
    return document.documentElement.scrollWidth - innerWidth;
  });
}

/** The open dialog, once antd's opening animation (ant-zoom-appear…) is over: clicks during it can miss. */
export async function settledDialog(page: Page): Promise<Locator> {
  const dialog = page.getByRole('dialog');
  await dialog.and(page.locator(':not([class*="ant-zoom"])')).waitFor();
  return dialog;
}

/** Clicks the action button `name` and answers its dialog, settled. */
export async function openDialog(page: Page, name: string): Promise<Locator> {
  await page.getByRole('button', { name, exact: true }).click();
  return settledDialog(page);
}

/**
 * Clicks 确定 in the open dialog once it has settled, and waits for it to close; if it stays
 * open, the failure names the messages the page showed.
 */
export async function confirmDialog(page: Page): Promise<void> {
  const dialog = await settledDialog(page);
  await dialog.getByRole('button', { name: '确定' }).click();
  try {
    await dialog.waitFor({ state: 'hidden' });
  } catch (err) {
    const shown = await page.locator('.ant-message-notice, .ant-form-item-explain').allInnerTexts();
    throw new Error(`the dialog stayed open; the page showed ${JSON.stringify(shown)}`, { cause: err });
  }
}

/** Waits until the ticket detail page shows `status`. */
export async function expectStatus(page: Page, status: string): Promise<void> {
  await page.locator(`[data-status="${status}"]`).first().waitFor();
}

export { screenshot };

/** Moves a filed ticket to `verified` through the API (accept → dispatch → claim → resolve → verify). */
export async function advanceToVerified(fx: ConsoleFixture, ticketId: string): Promise<void> {
  const http = fx.server.api.http;
  const act = async (user: TestUser, action: string, body: object) => {
    const res = await http()
      .post(`/api/v1/tickets/${ticketId}/${action}`)
      .set('Authorization', `Bearer ${user.token}`)
      .send(body);
    if (res.status !== 200) throw new Error(`${action}: ${res.status} ${JSON.stringify(res.body)}`);
  };
  const { gridWorker, dispatcher, partyMember, supervisor } = fx.users;
  await act(gridWorker, 'accept', {});
  await act(dispatcher, 'dispatch', { assigneeId: partyMember.id });
  await act(partyMember, 'claim', {});
  await act(partyMember, 'resolve', { result: '已处理' });
  await act(supervisor, 'verify', { outcome: 'pass', satisfaction: 'satisfied', callbackReached: true });
}
