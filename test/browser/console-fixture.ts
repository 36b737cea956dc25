import { crc32, deflateSync } from 'node:zlib';
import type { AppConfig } from '@gridflow/config';
import type { Browser, Locator, Page } from 'playwright-core';
import {
  createTestCity,
  filePublicTicket,
  createTestUser,
  TEST_PASSWORD,
  type TestCity,
  type TestUser,
  until,
} from '../support/index.js';
import {
  type ConsoleServer,
  DESKTOP,
  launchBrowser,
  newPage,
  screenshot,
  signIn,
  startConsoleServer,
} from '../support/browser.js';

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

/**
 * `config`: the API's own configuration instead of the run's: a database of the spec's own
 * (isolatedTestConfig) for specs that also run a worker, or e.g. map layers.
 */
export async function startConsoleFixture(options: { config?: AppConfig } = {}): Promise<ConsoleFixture> {
  const server = await startConsoleServer(options);
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

/**
 * The map marker of `id`, once the map has stopped moving: no zoom, pan or cluster animation
 * running and the marker where it was one poll before. The map refits itself whenever its points
 * change (a filter, a reload); a click while it flies can land where the marker was, not where it is.
 */
export async function settledMarker(page: Page, id: string): Promise<Locator> {
  const marker = page.locator(`[data-marker-id="${id}"]`);
  let last = '';
  await until(
    `the map at rest with marker ${id}`,
    async () => {
      if ((await marker.count()) !== 1) return false;
      const moving = await page
        .locator('.leaflet-map-pane.leaflet-zoom-anim, .leaflet-map-pane.leaflet-pan-anim, .leaflet-cluster-anim')
        .count();
      const box = JSON.stringify(await marker.boundingBox());
      const still = moving === 0 && box !== 'null' && box === last;
      last = box;
      return still;
    },
    30_000,
  );
  return marker;
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

/** A real PNG of `width`×`height` (red), for photos the browser must decode. */
export function pngImage(width = 64, height = 48): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(8 + data.length + 4);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc32(body) >>> 0, 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(width * 3, Buffer.from([200, 22, 29]))]);
  const pixels = deflateSync(Buffer.concat(Array.from({ length: height }, () => row)));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', pixels),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** Uploads a photo as `user` (or anonymously through the public endpoint) and returns its id. */
export async function uploadPhoto(fx: ConsoleFixture, user?: TestUser): Promise<string> {
  const req = fx.server.api.http().post(user ? '/api/v1/attachments' : '/api/v1/public/attachments');
  if (user) req.set('Authorization', `Bearer ${user.token}`);
  const res = await req.attach('file', pngImage(), { filename: 'photo.png', contentType: 'image/png' });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${JSON.stringify(res.body)}`);
  return (res.body as { id: string }).id;
}

/** Console messages a page logs that are Content-Security-Policy violations. */
export function collectCspErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (msg) => {
    if (/Content Security Policy|Content-Security-Policy/i.test(msg.text())) errors.push(msg.text());
  });
  return errors;
}

/** naturalWidth of every <img> under `root` (0 for an image that did not render). */
export async function renderedWidths(root: Locator): Promise<number[]> {
  return root
    .locator('img')
    .evaluateAll((imgs) => imgs.map((img) => (img as unknown as { naturalWidth: number }).naturalWidth));
}

/** Waits until every <img> under `root` (at least one) has decoded; returns their natural widths. */
export async function waitForRendered(root: Locator): Promise<number[]> {
  return until('images rendered', async () => {
    const widths = await renderedWidths(root);
    return widths.length > 0 && widths.every((w) => w > 0) ? widths : null;
  });
}

/**
 * A fast double tap on `target`: two click events dispatched in the same tick (one
 * page.evaluate, before React can re-render), then one more tap in each of the next few
 * tasks while the element is still on the page — a tap landing after the first one's
 * validation but before the busy state shows is what sent a second request.
 */
export async function doubleTap(target: Locator): Promise<void> {
  await target.evaluate(async (el) => {
    const button = el as unknown as { click: () => void; isConnected: boolean };
    button.click();
    button.click();
    for (let i = 0; i < 8; i++) {
      await new Promise((resolve) => setTimeout(resolve, 0));
      if (button.isConnected) button.click();
    }
  });
}

/** Counts the POST/PUT/PATCH requests the page sends whose path matches `path`. */
export function countWrites(page: Page, path: RegExp): { readonly count: number } {
  const counter = { count: 0 };
  page.on('request', (req) => {
    if (['POST', 'PUT', 'PATCH'].includes(req.method()) && path.test(new URL(req.url()).pathname)) counter.count++;
  });
  return counter;
}

/** Picks `label` in the antd select labelled `field` (re-opening it if an animation swallowed the click). */
export async function pick(page: Page, dialog: Locator, field: string, label: string): Promise<void> {
  const chosen = dialog.locator(`.ant-select-content[title="${label}"]`);
  const option = page.locator('.ant-select-item-option', { hasText: new RegExp(`^${label}$`) });
  for (let attempt = 0; attempt < 5 && !(await chosen.count()); attempt++) {
    if (!(await option.isVisible())) await dialog.getByLabel(field).click();
    await option.click({ timeout: 3_000 }).catch(() => undefined);
    await chosen.waitFor({ timeout: 2_000 }).catch(() => undefined);
  }
  await chosen.waitFor();
}
