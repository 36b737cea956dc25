import { AddressMatcher, AddressRegister } from '@gridflow/addresses';
import { DataSource } from 'typeorm';
import { createTestApi, createTestCity, type TestApi, type TestCity } from '../support/index.js';

describe('address register: matching (AddressMatcher)', () => {
  let api: TestApi;
  let city: TestCity;
  let matcher: AddressMatcher;
  /** a street of this file's own (the register's keys are deployment-wide) */
  let street: string;

  beforeAll(async () => {
    api = await createTestApi();
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
