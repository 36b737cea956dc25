import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { createTestUser, testConfig, until } from '../support/index.js';
import { type ConsoleFixture, pageAs, screenshot, settledMarker, startConsoleFixture } from './console-fixture.js';

const BROWSER_TEST_MS = 180_000;
/** The dispatcher's desk, as issue 19 names it. */
const DESK = { width: 1440, height: 900 };
const HOUR = 3600_000;

/**
 * A tile server on this machine (nothing is fetched from the internet), paths counted: the base map
 * a pale squared paper, the labels layer transparent with the tile's z/x/y.
 */
async function startTileServer(): Promise<{ origin: string; paths: string[]; close: () => Promise<void> }> {
  const paths: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = req.url ?? '';
    paths.push(path);
    const svg = path.startsWith('/vec/')
      ? `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#eef3e8" stroke="#d0d8c8"/></svg>`
      : `<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><text x="6" y="16" font-size="11" fill="#8a8f99">${path.slice(5, -4)}</text></svg>`;
    res.writeHead(200, { 'Content-Type': 'image/svg+xml' });
    res.end(svg);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    paths,
    close: () => new Promise((done) => server.close(() => done())),
  };
}

// Issue 19 item 6 "Maps": tile layers from the configuration (a base map and its labels, as with
// 天地图 vec_w + cva_w) with a layers control, grid names on the map, ticket markers clustered and
// coloured by the badge's 红黄绿灯, filtered by status, a click opening the ticket.
describe('maps on the dispatcher desk', () => {
  let fx: ConsoleFixture;
  let tiles: Awaited<ReturnType<typeof startTileServer>>;
  let db: DataSource;
  beforeAll(async () => {
    tiles = await startTileServer();
    const layers = [
      { name: '测试底图', kind: 'base', url: `${tiles.origin}/vec/{z}/{x}/{y}.svg`, attribution: '测试瓦片' },
      { name: '测试注记', kind: 'overlay', url: `${tiles.origin}/cva/{z}/{x}/{y}.svg` },
    ];
    fx = await startConsoleFixture({ config: testConfig({ WEB_TILE_LAYERS: JSON.stringify(layers) }) });
    db = fx.server.api.app.get(DataSource);
  });
  afterAll(async () => {
    await fx?.close();
    await tiles?.close();
  });

  const setLight = (id: string, light: 'overdue' | 'warning' | 'ok') => {
    const now = Date.now();
    const [due, warn] =
      light === 'overdue'
        ? [now - 20 * 24 * HOUR, now - 21 * 24 * HOUR]
        : light === 'warning'
          ? [now + 2 * HOUR, now - HOUR]
          : [now + 50 * HOUR, now + 40 * HOUR];
    return db.query(`UPDATE ticket SET due_at = $2, warn_at = $3, warning = $4, overdue = $5 WHERE id = $1`, [
      id,
      new Date(due),
      new Date(warn),
      light !== 'ok',
      light === 'overdue',
    ]);
  };
  const fileAt = async (gridCode: string, description: string) => {
    const at = fx.city.insideGrid.get(gridCode)!;
    const res = await fx.server.api
      .http()
      .post('/api/v1/public/tickets')
      .send({ itemCode: fx.itemCode, description, gridCode, location: { lng: at.lng, lat: at.lat } });
    if (res.status !== 201) throw new Error(`filing: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body as { id: string };
  };
  const markers = (page: Page) =>
    page
      .getByTestId('ticket-marker')
      .evaluateAll((els) => els.map((e) => [e.getAttribute('data-marker-id'), e.getAttribute('data-light')]));

  it(
    'shows grid names, clustered markers in the badge colours, filters them by status and opens a ticket',
    async () => {
      const { admin, dispatcher } = fx.users;
      const grids = fx.city.grids.filter((g) => g.startsWith(fx.community));
      const names = ['幸福里第一网格', '幸福里第二网格', '幸福里第三网格'];
      for (const [i, code] of grids.entries()) {
        const res = await admin.auth(fx.server.api.http().patch(`/api/v1/grids/${code}`)).send({ name: names[i] });
        expect(res.status).toBe(200);
      }
      // Two at one spot in the first grid (a cluster: its colour is the worse light), one in each other grid.
      const late = await fileAt(grids[0], '路灯不亮已一周');
      const fine = await fileAt(grids[0], '路灯闪烁');
      const soon = await fileAt(grids[1], '楼道堆放杂物');
      const accepted = await fileAt(grids[2], '垃圾未清运');
      await setLight(late.id, 'overdue');
      await setLight(fine.id, 'ok');
      await setLight(soon.id, 'warning');
      const accept = await dispatcher.auth(fx.server.api.http().post(`/api/v1/tickets/${accepted.id}/accept`)).send({});
      expect(accept.status).toBe(200);
      await setLight(accepted.id, 'ok');

      const { page, done } = await pageAs(fx, dispatcher, DESK);
      await page.goto(`${fx.server.baseUrl}/desk`);
      const map = page.getByTestId('grid-map');
      await map.waitFor();

      // The grids, by name, where they fit.
      await until(
        'the three grid names on the map',
        async () => (await page.getByTestId('grid-name').allInnerTexts()).sort().join() === [...names].sort().join(),
        30_000,
      );
      // The configured layers: the base map and its labels came from the local tile server; a control switches them.
      await until(
        'tiles of both layers',
        async () => tiles.paths.some((p) => p.startsWith('/vec/')) && tiles.paths.some((p) => p.startsWith('/cva/')),
        30_000,
      );
      expect(await page.locator('.leaflet-control-layers').count()).toBe(1);
      expect(await page.locator('.leaflet-control-attribution').innerText()).toContain('测试瓦片');

      // Markers: the two at one spot are a cluster of 2 in 超时's colour; the others alone, each the badge's light.
      const cluster = page.getByTestId('ticket-cluster');
      await until('a cluster of two', async () => (await cluster.count()) === 1, 30_000);
      expect(await cluster.innerText()).toBe('2');
      expect(await cluster.getAttribute('data-light')).toBe('overdue');
      await until('two single markers', async () => (await markers(page)).length === 2, 30_000);
      const single = new Map((await markers(page)) as [string, string][]);
      expect([...single.keys()].sort()).toEqual([soon.id, accepted.id].sort());
      for (const [id, light] of single) {
        const badge = page.locator(`tbody tr[data-ticket-id="${id}"] [data-light]`);
        expect(await badge.getAttribute('data-light')).toBe(light);
      }
      expect(single.get(soon.id)).toBe('warning');
      expect(single.get(accepted.id)).toBe('ok');
      // The colours: the same light, the same colour as the legend says.
      const colour = (id: string) =>
        page
          .locator(`[data-marker-id="${id}"]`)
          .evaluate(
            (e) =>
              (
                globalThis as unknown as { getComputedStyle: (el: unknown) => { backgroundColor: string } }
              ).getComputedStyle(e).backgroundColor,
          );
      expect(await colour(soon.id)).toBe('rgb(250, 173, 20)');
      expect(await colour(accepted.id)).toBe('rgb(82, 196, 26)');
      await map.scrollIntoViewIfNeeded();
      await screenshot(page, 'maps-desk');

      // Opening the cluster shows its two tickets, each in its own colour.
      await cluster.click();
      await until('the cluster opened', async () => (await markers(page)).length === 4, 30_000);
      const all = new Map((await markers(page)) as [string, string][]);
      expect(all.get(late.id)).toBe('overdue');
      expect(all.get(fine.id)).toBe('ok');

      // The status filter: 待村社派单 leaves only the accepted ticket.
      await page.locator('label.ant-radio-button-wrapper', { hasText: '待村社派单' }).click();
      await until(
        'only the accepted ticket on the map',
        async () => JSON.stringify(await markers(page)) === JSON.stringify([[accepted.id, 'ok']]),
        30_000,
      );
      expect(await cluster.count()).toBe(0);
      await screenshot(page, 'maps-desk-accepted');

      // A click on the marker opens the ticket.
      await (await settledMarker(page, accepted.id)).click();
      await page.waitForURL(`**/tickets/${accepted.id}`);
      await page.locator('[data-status="accepted"]').first().waitFor();
      await done();
    },
    BROWSER_TEST_MS,
  );

  it(
    "shows the admin's 指挥中心: counts by township, an escalation as it happens, the wall in full screen",
    async () => {
      const { admin } = fx.users;
      const township = fx.city.townships[1];
      const grid = fx.city.grids[6];
      const dispatcher = await createTestUser(fx.server.api.app, 'dispatcher', township);
      const late = await fileAt(grid, '井盖缺失');
      const fresh = await fileAt(grid, '路面塌陷');
      await setLight(late.id, 'overdue');
      await setLight(fresh.id, 'ok');

      const { page, done } = await pageAs(fx, admin, DESK);
      await page.getByRole('menuitem', { name: '指挥中心' }).click();
      await page.waitForURL('**/command');
      const row = page.locator(`tr[data-unit="${township}"]`);
      await until(
        'the township with 2 open, 1 超时',
        async () => (await row.count()) === 1 && (await row.locator('td').allInnerTexts()).slice(1).join() === '2,1,0',
        30_000,
      );
      expect(await page.locator(`tr[data-unit="${fx.city.county}"]`).count()).toBe(1);
      await until(
        'markers on the map',
        async () =>
          (await page.getByTestId('ticket-marker').count()) > 0 ||
          (await page.getByTestId('ticket-cluster').count()) > 0,
        30_000,
      );
      await until('the escalation list', async () => (await page.getByTestId('escalations').count()) === 1, 30_000);

      // An escalation while the page is open (报大事 through the API) comes in on its own, marked 新.
      const res = await dispatcher
        .auth(fx.server.api.http().post(`/api/v1/tickets/${fresh.id}/escalate`))
        .send({ reason: '路面塌陷需区住建局处置' });
      expect(res.status).toBe(200);
      const item = page.locator(`[data-testid="escalation"][data-ticket-id="${fresh.id}"]`);
      await item.waitFor({ timeout: 30_000 });
      expect(await item.innerText()).toContain('新');
      expect(await item.innerText()).toContain('路面塌陷需区住建局处置');
      await screenshot(page, 'maps-command');

      // The wall display: full screen, without the console's frame.
      await page.getByRole('button', { name: '全屏大屏' }).click();
      await page.getByTestId('command-wall').waitFor();
      await page.waitForURL('**/command/wall');
      expect(await page.getByRole('menuitem', { name: '指挥中心' }).count()).toBe(0);
      await until(
        'document.fullscreenElement',
        () =>
          page.evaluate(
            () =>
              (globalThis as unknown as { document: { fullscreenElement: unknown } }).document.fullscreenElement !==
              null,
          ),
        15_000,
      );
      await page.locator(`tr[data-unit="${township}"]`).waitFor();
      await screenshot(page, 'maps-command-wall');
      await page.getByRole('button', { name: '退出大屏' }).click();
      await page.waitForURL('**/command');
      await done();
    },
    BROWSER_TEST_MS,
  );
});
