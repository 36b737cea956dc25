import { get as httpGet, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { createTestApi, type TestApi, testConfig } from '../support/index.js';

// The API serves the built console (global setup builds apps/web into dist-test/web, WEB_DIR).
describe('web console served by the API', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await createTestApi();
  });
  afterAll(() => api.close());

  it('answers / and the console routes with index.html for a browser, never cached', async () => {
    for (const path of [
      '/',
      '/login',
      '/tickets/0b0f6c0e-4b1a-4d5e-9f00-000000000001',
      '/r/110101001001001',
      '/t/ABCD2345',
    ]) {
      const res = await api.http().get(path).set('Accept', 'text/html,application/xhtml+xml');
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.headers['cache-control']).toBe('no-cache');
      expect(res.text).toContain('<div id="root"></div>');
    }
  });

  it('serves hashed assets for a year and a missing asset as a JSON 404', async () => {
    const index = await api.http().get('/').set('Accept', 'text/html');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)?.[1];
    expect(script).toBeDefined();
    const asset = await api.http().get(script!);
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);

    const missing = await api.http().get('/assets/nothing-here.js').set('Accept', '*/*');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NOT_FOUND');
  });

  it('sends the precompressed asset the client accepts, with its type and Vary: Accept-Encoding', async () => {
    const index = await api.http().get('/').set('Accept', 'text/html');
    const script = /src="(\/assets\/[^"]+\.js)"/.exec(index.text)![1];
    // Raw bytes as sent (supertest would inflate them), over a real socket.
    const server = api.app.getHttpServer() as Server;
    if (!server.listening) await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    const { port } = server.address() as AddressInfo;
    const get = (encoding: string) =>
      new Promise<{ headers: IncomingHttpHeaders; body: Buffer }>((done, fail) => {
        httpGet({ host: '127.0.0.1', port, path: script, headers: { 'accept-encoding': encoding } }, (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => done({ headers: res.headers, body: Buffer.concat(chunks) }));
        }).on('error', fail);
      });
    const plain = await get('identity');
    expect(plain.headers['content-encoding']).toBeUndefined();

    const br = await get('gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(br.headers['cache-control']).toMatch(/max-age=31536000.*immutable/);
    expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true);
    expect(br.body.length).toBeLessThan(plain.body.length / 2);

    const gz = await get('gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gz.headers['content-type']).toMatch(/javascript/);
    expect(gz.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(gunzipSync(gz.body).equals(plain.body)).toBe(true);

    // A crafted path next to the compressed files is still a JSON 404, never a traversal.
    const crafted = await api.http().get('/assets/..%2f..%2fpackage.json').set('Accept-Encoding', 'br');
    expect(crafted.status).toBe(404);
  });

  it('keeps JSON 404s for API paths and for clients that do not want HTML', async () => {
    const apiPath = await api.http().get('/api/v1/no-such-thing').set('Accept', 'text/html');
    expect(apiPath.status).toBe(404);
    expect(apiPath.body.code).toBe('NOT_FOUND');
    const json = await api.http().get('/some/page').set('Accept', 'application/json');
    expect(json.status).toBe(404);
    expect(json.body.code).toBe('NOT_FOUND');
    const noAccept = await api.http().get('/some/page');
    expect(noAccept.status).toBe(404);
    expect(noAccept.body.code).toBe('NOT_FOUND');
    const anything = await api.http().get('/some/page').set('Accept', '*/*');
    expect(anything.status).toBe(404);
    const post = await api.http().post('/some/page').set('Accept', 'text/html');
    expect(post.status).toBe(404);
  });

  it('sends a CSP that lets the console show photo previews and stays on plain http', async () => {
    const res = await api.http().get('/').set('Accept', 'text/html');
    const csp = res.headers['content-security-policy'];
    expect(csp).toMatch(/img-src 'self' data: blob:/);
    expect(csp).not.toMatch(/upgrade-insecure-requests/);
    expect(csp).toMatch(/script-src 'self'/);
  });

  it('tells the console that no map tiles are configured by default', async () => {
    const res = await api.http().get('/api/v1/public/console-config');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tileLayers: [],
      tileUrl: null,
      tileAttribution: null,
      tileSubdomains: null,
      publicBaseUrl: api.config.publicBaseUrl,
    });
  });
});

describe('web console with map tiles configured (e.g. 天地图)', () => {
  let api: TestApi;
  const url = 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=key';
  beforeAll(async () => {
    api = await createTestApi({
      config: testConfig({ WEB_TILE_URL: url, WEB_TILE_SUBDOMAINS: '01', WEB_TILE_ATTRIBUTION: '天地图' }),
    });
  });
  afterAll(() => api.close());

  it('hands the tile settings to the console and allows their origins in the CSP', async () => {
    const res = await api.http().get('/api/v1/public/console-config');
    expect(res.body).toEqual({
      tileLayers: [{ name: '底图', kind: 'base', url, subdomains: '01', attribution: '天地图' }],
      tileUrl: url,
      tileAttribution: '天地图',
      tileSubdomains: '01',
      publicBaseUrl: api.config.publicBaseUrl,
    });
    const page = await api.http().get('/').set('Accept', 'text/html');
    expect(page.headers['content-security-policy']).toMatch(
      /img-src 'self' data: blob: https:\/\/t0\.tianditu\.gov\.cn https:\/\/t1\.tianditu\.gov\.cn/,
    );
  });
});

describe('web console with a list of map layers (WEB_TILE_LAYERS: 天地图 vec_w + cva_w)', () => {
  let api: TestApi;
  const layers = [
    {
      name: '天地图矢量',
      kind: 'base',
      url: 'https://t{s}.tianditu.gov.cn/vec_w/wmts?TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=key',
      subdomains: '01',
      attribution: '天地图',
    },
    { name: '注记', kind: 'overlay', url: 'https://labels.example.cn/{z}/{x}/{y}.png' },
  ];
  beforeAll(async () => {
    api = await createTestApi({ config: testConfig({ WEB_TILE_LAYERS: JSON.stringify(layers) }) });
  });
  afterAll(() => api.close());

  it('hands every layer to the console, the first base map as tileUrl, and allows each tile host in the CSP', async () => {
    const res = await api.http().get('/api/v1/public/console-config');
    expect(res.body).toEqual({
      tileLayers: [layers[0], { ...layers[1], subdomains: null, attribution: null }],
      tileUrl: layers[0].url,
      tileAttribution: '天地图',
      tileSubdomains: '01',
      publicBaseUrl: api.config.publicBaseUrl,
    });
    const page = await api.http().get('/').set('Accept', 'text/html');
    expect(page.headers['content-security-policy']).toMatch(
      /img-src 'self' data: blob: https:\/\/t0\.tianditu\.gov\.cn https:\/\/t1\.tianditu\.gov\.cn https:\/\/labels\.example\.cn;/,
    );
  });
});
