import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { INestApplication } from '@nestjs/common';
import ExcelJS from 'exceljs';
import { DataSource } from 'typeorm';
import { AddressMatcher, AddressRegister } from '@gridflow/addresses';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  createTestWorker,
  expectApiError,
  isolatedTestConfig,
  type TestApi,
  type TestCity,
  type TestUser,
  until,
} from '../support/index.js';

/**
 * The address register (标准地址库): the matcher on rows written directly, then imports through
 * the real API, Redis and worker (good and hostile rows, re-import, a file broken midway),
 * the list in scope, and the match endpoint.
 */
// Its own database: the worker runs every import (and relays every outbox row) of its database.
const config = await isolatedTestConfig('addresses');

describe('address register: matching (AddressMatcher)', () => {
  let api: TestApi;
  let city: TestCity;
  let matcher: AddressMatcher;
  /** a street of this file's own (the register's keys are deployment-wide) */
  let street: string;

  beforeAll(async () => {
    api = await createTestApi({ config });
    city = await createTestCity(api.app);
    matcher = api.app.get(AddressMatcher);
    matcher.resetPrefixes();
    street = `振华南街${city.city}支路`;
    const register = api.app.get(AddressRegister);
    const rows = [
      { text: `${street}12号3栋2单元101室`, grid: city.grids[0], lng: 113.3, lat: 40.08 },
      { text: `${street}12号4栋`, grid: city.grids[1], lng: null, lat: null },
      { text: `${street}14号`, grid: city.grids[2], lng: null, lat: null },
      { text: `和平小区${city.city}期5号楼`, grid: city.grids[3], lng: null, lat: null },
    ];
    const withKeys = await Promise.all(
      rows.map(async (r) => ({
        normKey: await matcher.keyOf(r.text),
        address: r.text,
        building: null,
        gridCode: r.grid,
        lng: r.lng,
        lat: r.lat,
      })),
    );
    await api.app.get(DataSource).transaction((tx) => register.upsert(tx, null, withKeys));
  });
  afterAll(() => api.close());

  it('matches an address only after normalisation, with the city, county and township prefixes it implies', async () => {
    const county = `测试区${city.county}`;
    const township = `街道${city.townships[0]}`;
    const q = `山西省 测试市${city.city}${county}${township}${street}１２号 三号楼 二单元 101`;
    expect(await matcher.match(q)).toEqual({
      address: `${street}12号3栋2单元101室`,
      gridCode: city.grids[0],
      score: 1,
      lng: 113.3,
      lat: 40.08,
    });
    expect(await matcher.match(`${street}12号3幢2-101`)).toMatchObject({ gridCode: city.grids[0], score: 1 });
    expect(await matcher.match(`${street}12号3-2-101`)).toMatchObject({ gridCode: city.grids[0], score: 1 });
  });

  it('places a room in the building the register holds (0.9)', async () => {
    expect(await matcher.match(`${street}12号4幢1单元302室`)).toEqual({
      address: `${street}12号4栋`,
      gridCode: city.grids[1],
      score: 0.9,
      lng: null,
      lat: null,
    });
    expect(await matcher.match(`${street}14号2栋`)).toMatchObject({ gridCode: city.grids[2], score: 0.9 });
  });

  it('takes a close spelling that agrees on every number, never another number', async () => {
    const fuzzy = await matcher.match(`和平新小区${city.city}期5号楼`);
    expect(fuzzy).toMatchObject({ gridCode: city.grids[3] });
    expect(fuzzy!.score).toBeGreaterThanOrEqual(0.6);
    expect(fuzzy!.score).toBeLessThan(0.9);
    expect(await matcher.match(`${street}13号`)).toBeNull();
    expect(await matcher.match(`和平小区${city.city}期6号楼`)).toBeNull();
  });

  it('answers null for an unknown, empty or absurd address', async () => {
    expect(await matcher.match('火星基地1号')).toBeNull();
    expect(await matcher.match('')).toBeNull();
    expect(await matcher.match('，。 ')).toBeNull();
    expect(await matcher.match('号'.repeat(100_000))).toBeNull();
  });

  it('ignores addresses of retired grids', async () => {
    const db = api.app.get(DataSource);
    await db.query(`UPDATE grid SET status = 'retired', retired_at = now() WHERE code = $1`, [city.grids[2]]);
    try {
      expect(await matcher.match(`${street}14号`)).toBeNull();
    } finally {
      await db.query(`UPDATE grid SET status = 'active', retired_at = NULL WHERE code = $1`, [city.grids[2]]);
    }
  });
});

describe('address register: import, list and match over HTTP', () => {
  let api: TestApi;
  let worker: INestApplication;
  let city: TestCity;
  let db: DataSource;
  /** admin of township 0 (grids 0–5); grids 6–11 are out of scope */
  let admin: TestUser;
  let dispatcher: TestUser; // community 0: grids 0–2
  let gridWorker: TestUser;
  let street: string;

  const csv = (rows: unknown[][], header = ['address', 'gridCode', 'lng', 'lat', 'building']) =>
    Buffer.from(
      `\uFEFF${[header, ...rows]
        .map((r) =>
          r
            .map((v) => {
              const t = v === null || v === undefined ? '' : String(v);
              return /[",\n\r]/.test(t) ? `"${t.replaceAll('"', '""')}"` : t;
            })
            .join(','),
        )
        .join('\r\n')}\r\n`,
      'utf8',
    );

  const upload = (user: TestUser, file: Buffer, name: string) =>
    user.auth(api.http().post('/api/v1/addresses/import')).attach('file', file, name);

  const finished = (user: TestUser, id: string) =>
    until(`address import ${id} to finish`, async () => {
      const res = await user.auth(api.http().get(`/api/v1/addresses/imports/${id}`));
      expect(res.status).toBe(200);
      return res.body.status === 'done' || res.body.status === 'failed' ? res.body : null;
    });

  const importFile = async (file: Buffer, name = '地址.csv') => {
    const res = await upload(admin, file, name);
    expect(res.status).toBe(202);
    expect(res.body).toMatchObject({ status: 'queued', percent: 0 });
    return finished(admin, res.body.id);
  };

  const match = (user: TestUser, q: string) => user.auth(api.http().get('/api/v1/addresses/match').query({ q }));

  const registered = async (like: string) =>
    (await db.query(`SELECT address, grid_code FROM address WHERE address LIKE $1 ORDER BY address`, [like])) as {
      address: string;
      grid_code: string;
    }[];

  beforeAll(async () => {
    api = await createTestApi({ config });
    worker = await createTestWorker({ config });
    db = api.app.get(DataSource);
    city = await createTestCity(api.app);
    api.app.get(AddressMatcher).resetPrefixes();
    [admin, dispatcher, gridWorker] = await Promise.all([
      createTestUser(api.app, 'admin', city.townships[0]),
      createTestUser(api.app, 'dispatcher', city.communities[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
    ]);
    street = `南关南街${city.city}巷`;
  });
  afterAll(async () => {
    await worker?.close();
    await api?.close();
  });

  describe('a csv with good and hostile rows', () => {
    let done: Record<string, unknown> & { rejected: { row: number; code: string; reason: string }[] };

    beforeAll(async () => {
      done = await importFile(
        csv([
          [`${street}1号`, city.grids[0], 113.30001, 40.08002, ''], // row 2
          [`${street}2号`, city.grids[1], '', '', '3号楼'],
          [`${street}3号`, city.grids[2], '', '', ''],
          [`${street}4号`, '999999999999999', '', '', ''], // row 5: unknown grid
          [`${street}5号`, city.grids[7], '', '', ''], // out of the admin's scope
          ['楼'.repeat(300_000), city.grids[0], '', '', ''], // a cell of almost 1 MB (the reader refuses longer records)
          [`${street}6号`, city.grids[0], 'east', '40.1', ''], // bad lng
          [`${street}7号`, city.grids[0], '113.3', '', ''], // lat missing
          [`${street}8号`, city.grids[0], '200', '40', ''], // out of range
          ['=HYPERLINK("http://evil.example","点我")', city.grids[0], '', '', ''], // row 11: formula
          [`${street}9号`, city.grids[0], '', '', '@SUM(A1)'],
          [`${street}１号`, city.grids[1], '', '', ''], // row 13: the same address as row 2
          ['', city.grids[0], '', '', ''], // no address
          [`${street}10号`, 'DROP TABLE address', '', '', ''],
        ]),
      );
    });

    it('writes the good rows and reports every rejected row with its reason', async () => {
      expect(done).toMatchObject({
        error: null,
        status: 'done',
        percent: 100,
        totalRows: 14,
        processedRows: 14,
        created: 3,
        updated: 0,
        failed: 11,
      });
      expect(done.rejected.map((r) => [r.row, r.code])).toEqual([
        [5, 'UNKNOWN_GRID'],
        [6, 'UNKNOWN_GRID'],
        [7, 'CELL_TOO_LONG'],
        [8, 'BAD_COORDINATES'],
        [9, 'BAD_COORDINATES'],
        [10, 'BAD_COORDINATES'],
        [11, 'FORMULA'],
        [12, 'FORMULA'],
        [13, 'DUPLICATE_IN_FILE'],
        [14, 'MISSING_ADDRESS'],
        [15, 'UNKNOWN_GRID'],
      ]);
      expect(done.rejected.find((r) => r.row === 13)!.reason).toContain('row 2');
      expect(await registered(`${street}%`)).toEqual([
        { address: `${street}1号`, grid_code: city.grids[0] },
        { address: `${street}2号3号楼`, grid_code: city.grids[1] },
        { address: `${street}3号`, grid_code: city.grids[2] },
      ]);
      expect(
        await db.query(`SELECT count(*)::int AS n FROM address WHERE address LIKE '=%' OR length(address) > 400`),
      ).toEqual([{ n: 0 }]);
    });

    it('matches an address only after normalisation, and 404s what the register does not hold', async () => {
      const q = `山西省测试市${city.city}测试区${city.county}${street}２号 三幢 2单元 101室`;
      const res = await match(dispatcher, q);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        address: `${street}2号3号楼`,
        gridCode: city.grids[1],
        score: 0.9,
        lng: null,
        lat: null,
      });
      const exact = await match(admin, `${street} 1 号`);
      expect(exact.body).toEqual({
        address: `${street}1号`,
        gridCode: city.grids[0],
        score: 1,
        lng: 113.30001,
        lat: 40.08002,
      });
      expectApiError(await match(admin, `${street}99号`), 404, 'NOT_FOUND');
      expectApiError(await match(admin, '火星基地1号'), 404, 'NOT_FOUND');
    });

    it('re-importing updates an address in place, never duplicates it', async () => {
      const again = await importFile(csv([[`${street}３号`, city.grids[3], '113.2', '40.1', '']]));
      expect(again).toMatchObject({ status: 'done', created: 0, updated: 1, failed: 0 });
      const rows = await registered(`${street}%`);
      expect(rows.filter((r) => r.address.normalize('NFKC') === `${street}3号`)).toEqual([
        { address: `${street}３号`, grid_code: city.grids[3] },
      ]);
      expect((await match(admin, `${street}3号`)).body).toMatchObject({
        gridCode: city.grids[3],
        lng: 113.2,
        lat: 40.1,
      });
    });

    it('lists the register within the caller scope, by text and by unit, keyset-paginated', async () => {
      const all = await dispatcher.auth(api.http().get('/api/v1/addresses').query({ q: street }));
      expect(all.status).toBe(200);
      // the dispatcher's community holds grids 0–2; grid 3 (the re-imported 3号) is another community's
      expect(all.body.items.map((a: { address: string }) => a.address).sort()).toEqual([
        `${street}1号`,
        `${street}2号3号楼`,
      ]);
      expect(all.body.items[0]).toEqual(
        expect.objectContaining({
          gridCode: expect.any(String),
          gridName: expect.any(String),
          createdAt: expect.any(String),
        }),
      );
      const byText = await admin.auth(
        api
          .http()
          .get('/api/v1/addresses')
          .query({ q: `${street}二号` }),
      );
      expect(byText.body.items.map((a: { address: string }) => a.address)).toEqual([`${street}2号3号楼`]);
      const byGrid = await admin.auth(api.http().get('/api/v1/addresses').query({ gridCode: city.grids[3] }));
      expect(byGrid.body.items.map((a: { address: string }) => a.address)).toEqual([`${street}３号`]);
      const first = await admin.auth(api.http().get('/api/v1/addresses').query({ q: street, limit: 2 }));
      expect(first.body.items).toHaveLength(2);
      const second = await admin.auth(
        api.http().get('/api/v1/addresses').query({ q: street, limit: 2, cursor: first.body.nextCursor }),
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
      const outside = await dispatcher.auth(api.http().get('/api/v1/addresses').query({ gridCode: city.grids[3] }));
      expect(outside.body).toEqual({ items: [], nextCursor: null });
    });
  });

  it('an xlsx with a formula cell: the formula row is rejected, the rest written', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('地址');
    ws.addRow(['地址', '网格编码', '经度', '纬度']);
    ws.addRow([`${street}20号`, city.grids[4], 113.25, 40.05]);
    ws.addRow([{ formula: 'CONCATENATE("a","b")', result: 'ab' }, city.grids[4]]);
    const done = await importFile(Buffer.from(await wb.xlsx.writeBuffer()), '地址.xlsx');
    expect(done).toMatchObject({ status: 'done', created: 1, failed: 1 });
    expect(done.rejected).toEqual([{ row: 3, code: 'FORMULA', reason: expect.stringContaining('formula') }]);
  });

  it('a file that breaks midway writes nothing (one transaction)', async () => {
    const good = Array.from({ length: 1200 }, (_, i) => `${street}坏文件${i}号,${city.grids[0]}`).join('\r\n');
    // an unclosed quote swallows more than the reader's 1 MB record limit
    const broken = Buffer.from(`address,gridCode\r\n${good}\r\n"${'很长'.repeat(600_000)}\r\n`, 'utf8');
    const done = await importFile(broken);
    expect(done).toMatchObject({ status: 'failed', error: expect.stringContaining('could not be read') });
    expect(await registered(`${street}坏文件%`)).toEqual([]);
  });

  describe('hostile requests', () => {
    it('only an admin imports; only admins and dispatchers list and match', async () => {
      const file = csv([[`${street}30号`, city.grids[0]]]);
      expectApiError(await upload(dispatcher, file, 'a.csv'), 403, 'FORBIDDEN');
      expectApiError(await upload(gridWorker, file, 'a.csv'), 403, 'FORBIDDEN');
      expectApiError(await gridWorker.auth(api.http().get('/api/v1/addresses')), 403, 'FORBIDDEN');
      expectApiError(await match(gridWorker, `${street}1号`), 403, 'FORBIDDEN');
      expectApiError(await api.http().get('/api/v1/addresses/match').query({ q: 'x' }), 401, 'UNAUTHENTICATED');
    });

    it('an import is visible to its scope only, by a well-formed id', async () => {
      const res = await upload(admin, csv([[`${street}31号`, city.grids[0]]]), 'b.csv');
      await finished(admin, res.body.id);
      const other = await createTestUser(api.app, 'admin', city.townships[1]);
      expectApiError(await other.auth(api.http().get(`/api/v1/addresses/imports/${res.body.id}`)), 404, 'NOT_FOUND');
      expectApiError(
        await admin.auth(api.http().get('/api/v1/addresses/imports/not-a-uuid')),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('bad files and bad queries are 4xx, never 500', async () => {
      expectApiError(await admin.auth(api.http().post('/api/v1/addresses/import')), 400, 'VALIDATION_FAILED');
      expectApiError(await upload(admin, csv([['x', 'y']], ['名称', '备注']), 'c.csv'), 400, 'VALIDATION_FAILED');
      expectApiError(
        await upload(admin, csv([['x', city.grids[0], '1']], ['address', 'gridCode', 'lng']), 'c.csv'),
        400,
        'VALIDATION_FAILED',
      );
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
        'base64',
      );
      expectApiError(await upload(admin, png, 'addresses.csv'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectApiError(await match(admin, ''), 400, 'VALIDATION_FAILED');
      expectApiError(await match(admin, 'x'.repeat(201)), 400, 'VALIDATION_FAILED');
      expectApiError(await admin.auth(api.http().get('/api/v1/addresses/match')), 400, 'VALIDATION_FAILED');
      expectApiError(
        await admin.auth(api.http().get('/api/v1/addresses').query({ gridCode: 'abc' })),
        400,
        'VALIDATION_FAILED',
      );
      expectApiError(
        await admin.auth(api.http().get('/api/v1/addresses').query({ cursor: 'bogus' })),
        400,
        'VALIDATION_FAILED',
      );
    });

    it('files over 50 MB are 413, and no upload is left behind', async () => {
      const big = Buffer.alloc(50 * 1024 * 1024 + 1, 0x41);
      expectApiError(await upload(admin, big, 'big.csv'), 413, 'PAYLOAD_TOO_LARGE');
      await until('temporary uploads to be removed', async () =>
        (await readdir(tmpdir())).every((f) => !f.startsWith('gridflow-upload-')),
      );
    });
  });
});
