import type { Response } from 'supertest';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

type Position = [number, number];
type Polygon = { type: 'Polygon'; coordinates: Position[][] };

/** An axis-aligned rectangle, counter-clockwise and closed. */
function rectangle([x0, y0]: Position, [x1, y1]: Position): Polygon {
  return {
    type: 'Polygon',
    coordinates: [
      [
        [x0, y0],
        [x1, y0],
        [x1, y1],
        [x0, y1],
        [x0, y0],
      ],
    ],
  };
}

const centreOf = (p: Polygon) => {
  const ring = p.coordinates[0];
  return { lng: (ring[0][0] + ring[2][0]) / 2, lat: (ring[0][1] + ring[2][1]) / 2 };
};

describe('grids: create, read, list, locate, redraw, sign board', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  /** a dispatcher of communities[0] (grids 0–2) */
  let dispatcher: TestUser;
  /** south-west corner of the test city's 4×3 lattice of 0.004° cells */
  let origin: Position;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const n = Number(city.city);
    origin = [100 + (n % 100) * 0.1, 20 + Math.floor(n / 100) * 0.1];
  });
  afterAll(() => api.close());

  /** A 0.002° square in the empty part of the city's patch (the lattice covers only 0.016° × 0.012°). */
  const freeSquare = (slot: number, row = 0): Polygon => {
    const x = origin[0] + 0.05 + slot * 0.003;
    const y = origin[1] + 0.05 + row * 0.003;
    return rectangle([x, y], [x + 0.002, y + 0.002]);
  };
  const gridBody = (code: string, boundary: unknown, extra: object = {}) => ({
    code,
    name: `网格${code.slice(-3)}`,
    type: 'community',
    households: 400,
    population: 1200,
    boundary,
    ...extra,
  });

  const createGrid = (body: object, user = admin) => user.auth(api.http().post('/api/v1/grids')).send(body);
  const getGrid = (code: string, user = admin) => user.auth(api.http().get(`/api/v1/grids/${code}`));
  const locate = (query: object, user = admin) => user.auth(api.http().get('/api/v1/grids/locate')).query(query);
  const boundaryOf = async (code: string): Promise<Polygon> => (await getGrid(code)).body.boundary;

  describe('create and read', () => {
    it('creates a grid with a valid polygon and answers the API.md shape', async () => {
      const code = `${city.communities[0]}101`;
      const boundary = freeSquare(0);
      const res = await createGrid(gridBody(code, boundary, { name: '和平社区第一网格' }));
      expect(res.status).toBe(201);

      const got = await getGrid(code);
      expect(got.status).toBe(200);
      expect(got.body).toEqual(
        expect.objectContaining({
          code,
          name: '和平社区第一网格',
          type: 'community',
          households: 400,
          population: 1200,
          householdsInStandard: true,
          boundary,
          status: 'active',
          workers: [],
          staffed: false,
          communityCode: city.communities[0],
          partyOrgName: '和平社区第一网格党小组',
        }),
      );
      expect(res.body).toEqual(got.body);
      // it is on the map at once
      expect((await locate(centreOf(boundary))).body.code).toBe(code);
    });

    it('flags households outside the 300–500 standard but allows them', async () => {
      const code = `${city.communities[0]}102`;
      const res = await createGrid(gridBody(code, freeSquare(1), { households: 600, type: 'village' }));
      expect(res.status).toBe(201);
      const got = await getGrid(code);
      expect(got.body).toEqual(
        expect.objectContaining({ households: 600, householdsInStandard: false, type: 'village' }),
      );
    });

    it('refuses bad boundaries with 400 VALIDATION_FAILED naming the reason', async () => {
      const [x, y] = [origin[0] + 0.05, origin[1] + 0.06];
      const square = freeSquare(0, 3).coordinates[0];
      const cases: [string, unknown, RegExp][] = [
        ['unclosed ring', { type: 'Polygon', coordinates: [square.slice(0, 4)] }, /not closed/],
        [
          'longitude 181',
          {
            type: 'Polygon',
            coordinates: [
              [
                [180.5, y],
                [181, y],
                [181, y + 0.002],
                [180.5, y],
              ],
            ],
          },
          /longitude 181, outside \[-180, 180\]/,
        ],
        [
          'self-intersecting bow-tie',
          {
            type: 'Polygon',
            coordinates: [
              [
                [x, y],
                [x + 0.002, y + 0.002],
                [x + 0.002, y],
                [x, y + 0.002],
                [x, y],
              ],
            ],
          },
          /intersects itself/,
        ],
        ['a Point', { type: 'Point', coordinates: [x, y] }, /Polygon or MultiPolygon, got type "Point"/],
      ];
      for (const [i, [what, boundary, reason]] of cases.entries()) {
        const code = `${city.communities[0]}${110 + i}`;
        const res = await createGrid(gridBody(code, boundary));
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect({ what, details: res.body.details }).toEqual({
          what,
          details: expect.arrayContaining([{ field: 'boundary', problem: expect.stringMatching(reason) }]),
        });
        expect((await getGrid(code)).status).toBe(404);
      }
    });

    it('refuses a grid whose community does not exist with 400', async () => {
      const code = `${city.townships[0]}099001`;
      const res = await createGrid(gridBody(code, freeSquare(2)));
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toEqual([
        { field: 'code', problem: `parent community ${city.townships[0]}099 does not exist` },
      ]);
    });

    it('refuses malformed codes, types and numbers with 400 per field', async () => {
      const res = await createGrid({
        code: `${city.communities[0]}1`,
        name: '',
        type: 'city',
        households: -1,
        population: 1.5,
        boundary: freeSquare(2),
      });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      const fields = res.body.details.map((d: { field: string }) => d.field);
      expect(fields).toEqual(expect.arrayContaining(['code', 'name', 'type', 'households', 'population']));
    });

    it('refuses a duplicate code with 409 ALREADY_EXISTS naming the field', async () => {
      const res = await createGrid(gridBody(city.grids[0], freeSquare(2)));
      expectApiError(res, 409, 'ALREADY_EXISTS');
      expect(res.body.details).toEqual([{ field: 'code', problem: 'already exists' }]);
      // the original keeps its boundary: still found at its own centre
      expect((await locate(city.insideGrid.get(city.grids[0])!)).body.code).toBe(city.grids[0]);
    });

    it('PATCH changes households, name and boundary; a bad boundary is refused', async () => {
      const code = `${city.communities[0]}103`;
      expect((await createGrid(gridBody(code, freeSquare(3)))).status).toBe(201);

      const patched = await admin
        .auth(api.http().patch(`/api/v1/grids/${code}`))
        .send({ households: 520, name: '改名网格' });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(
        expect.objectContaining({ households: 520, householdsInStandard: false, name: '改名网格', population: 1200 }),
      );
      expect((await getGrid(code)).body.households).toBe(520);

      const moved = freeSquare(3, 1);
      const reshaped = await admin.auth(api.http().patch(`/api/v1/grids/${code}`)).send({ boundary: moved });
      expect(reshaped.status).toBe(200);
      expect((await locate(centreOf(moved))).body.code).toBe(code);
      expectApiError(await locate(centreOf(freeSquare(3))), 404, 'NOT_FOUND');

      const bad = await admin
        .auth(api.http().patch(`/api/v1/grids/${code}`))
        .send({ boundary: { type: 'Point', coordinates: [1, 2] } });
      expectApiError(bad, 400, 'VALIDATION_FAILED');
      const noCode = await admin.auth(api.http().patch(`/api/v1/grids/${code}`)).send({ code: city.grids[1] });
      expectApiError(noCode, 400, 'VALIDATION_FAILED');
      expect(noCode.body.details).toContainEqual({ field: 'code', problem: 'unknown field' });
    });

    it('writes are admin-only (403) and reads are scoped (404 out of scope)', async () => {
      const code = `${city.communities[0]}104`;
      expectApiError(await createGrid(gridBody(code, freeSquare(4)), dispatcher), 403, 'FORBIDDEN');
      expectApiError(
        await dispatcher.auth(api.http().patch(`/api/v1/grids/${city.grids[0]}`)).send({ households: 1 }),
        403,
        'FORBIDDEN',
      );
      expect((await getGrid(code)).status).toBe(404);

      expect((await getGrid(city.grids[0], dispatcher)).status).toBe(200);
      expectApiError(await getGrid(city.grids[3], dispatcher), 404, 'NOT_FOUND');
      expectApiError(await getGrid(city.grids[11], dispatcher), 404, 'NOT_FOUND');
      // a township admin cannot create grids in the other township
      const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
      const other = await createGrid(gridBody(`${city.communities[2]}104`, freeSquare(4)), townshipAdmin);
      expectApiError(other, 403, 'FORBIDDEN');
    });
  });

  describe('list', () => {
    it('lists grids under a parent, newest first, with keyset pagination', async () => {
      const community = city.communities[2];
      const added = [`${community}101`, `${community}102`];
      for (const [i, code] of added.entries()) {
        expect((await createGrid(gridBody(code, freeSquare(i, 2)))).status).toBe(201);
      }
      // the three seeded grids share one created_at: ties go by code, descending
      const expected = [added[1], added[0], ...city.grids.slice(6, 9).reverse()];

      const seen: string[] = [];
      const pages: number[] = [];
      let cursor: string | null = null;
      do {
        const res: Response = await admin
          .auth(api.http().get('/api/v1/grids'))
          .query({ parentCode: community, limit: 2, ...(cursor ? { cursor } : {}) });
        expect(res.status).toBe(200);
        pages.push(res.body.items.length);
        seen.push(...res.body.items.map((g: { code: string }) => g.code));
        cursor = res.body.nextCursor;
      } while (cursor !== null && pages.length < 10);

      expect(pages).toEqual([2, 2, 1]);
      expect(seen).toEqual(expected);
      expect(new Set(seen).size).toBe(seen.length);

      const first = await admin.auth(api.http().get('/api/v1/grids')).query({ parentCode: community });
      expect(first.body.nextCursor).toBeNull();
      expect(first.body.items[0]).toEqual({
        code: added[1],
        name: '网格102',
        type: 'community',
        households: 400,
        population: 1200,
        householdsInStandard: true,
        status: 'active',
        createdAt: expect.any(String),
      });
    });

    it('lists only grids in the caller scope', async () => {
      const own = await dispatcher.auth(api.http().get('/api/v1/grids')).query({ limit: 100 });
      expect(own.status).toBe(200);
      const codes: string[] = own.body.items.map((g: { code: string }) => g.code);
      expect(codes.length).toBeGreaterThanOrEqual(3);
      for (const code of codes) expect(code.startsWith(city.communities[0])).toBe(true);
      const other = await dispatcher.auth(api.http().get('/api/v1/grids')).query({ parentCode: city.communities[2] });
      expect(other.body).toEqual({ items: [], nextCursor: null });
    });

    it('refuses limit=0, limit=101 and a malformed cursor with 400', async () => {
      for (const limit of [0, 101]) {
        const res = await admin.auth(api.http().get('/api/v1/grids')).query({ limit });
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('limit');
      }
      const bad = await admin.auth(api.http().get('/api/v1/grids')).query({ cursor: 'not-a-cursor' });
      expectApiError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.details).toEqual([{ field: 'cursor', problem: 'malformed' }]);
      const badParent = await admin.auth(api.http().get('/api/v1/grids')).query({ parentCode: '12ab' });
      expectApiError(badParent, 400, 'VALIDATION_FAILED');
    });
  });

  describe('locate', () => {
    it('finds the grid containing a point', async () => {
      const res = await locate(city.insideGrid.get(city.grids[2])!);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code: city.grids[2],
        name: `网格${city.grids[2]}`,
        type: 'community',
        communityCode: city.communities[0],
        status: 'active',
      });
    });

    it('gives a point on the shared edge of two grids to the lower code, every time', async () => {
      // grids 0 and 1 are side by side: grid 0's east edge (ring positions 1 → 2) is grid 1's west edge
      const ring = (await boundaryOf(city.grids[0])).coordinates[0];
      const west = (await boundaryOf(city.grids[1])).coordinates[0];
      expect([ring[1], ring[2]]).toEqual([west[0], west[3]]);
      expect(ring[1][0]).toBe(ring[2][0]); // a meridian: the midpoint lies exactly on it
      const onEdge = { lng: ring[1][0], lat: (ring[1][1] + ring[2][1]) / 2 };
      const corner = { lng: ring[2][0], lat: ring[2][1] }; // shared by grids 0, 1, 4 and 5

      for (let i = 0; i < 5; i++) {
        expect((await locate(onEdge)).body.code).toBe(city.grids[0]);
        expect((await locate(corner)).body.code).toBe(city.grids[0]);
      }
    });

    it('answers the current name and type after a PATCH that leaves the boundary alone', async () => {
      const code = `${city.communities[0]}106`;
      const boundary = freeSquare(5);
      expect((await createGrid(gridBody(code, boundary, { name: '旧名网格' }))).status).toBe(201);
      expect((await locate(centreOf(boundary))).body).toEqual(expect.objectContaining({ code, name: '旧名网格' }));

      const patched = await admin
        .auth(api.http().patch(`/api/v1/grids/${code}`))
        .send({ name: '新名网格', type: 'special' });
      expect(patched.status).toBe(200);
      expect(patched.body).toEqual(expect.objectContaining({ name: '新名网格', type: 'special' }));

      const res = await locate(centreOf(boundary));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        code,
        name: '新名网格',
        type: 'special',
        communityCode: city.communities[0],
        status: 'active',
      });
    });

    it('answers 404 NOT_FOUND outside every grid', async () => {
      const res = await locate({ lng: origin[0] + 0.095, lat: origin[1] + 0.095 });
      expectApiError(res, 404, 'NOT_FOUND');
    });

    it('refuses missing, non-numeric and out-of-range coordinates with 400', async () => {
      const { lng, lat } = city.insideGrid.get(city.grids[0])!;
      const cases: [object, string][] = [
        [{ lat }, 'lng'],
        [{ lng }, 'lat'],
        [{ lng: 'east', lat }, 'lng'],
        [{ lng, lat: 'north' }, 'lat'],
        [{ lng: 181, lat }, 'lng'],
        [{ lng, lat: -91 }, 'lat'],
      ];
      for (const [query, field] of cases) {
        const res = await locate(query);
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect({ query, fields: res.body.details.map((d: { field: string }) => d.field) }).toEqual({
          query,
          fields: expect.arrayContaining([field]),
        });
      }
      expectApiError(await locate({}), 400, 'VALIDATION_FAILED');
    });

    it('refuses empty lng/lat values (?lng=&lat=) with 400 instead of reading them as 0', async () => {
      // Number('') is 0: without a check, "?lng=" is taken for longitude 0 and answers 404
      const { lat } = city.insideGrid.get(city.grids[0])!;
      for (const path of [`/api/v1/grids/locate?lng=&lat=${lat}`, '/api/v1/grids/locate?lng=&lat=']) {
        const res = await admin.auth(api.http().get(path));
        expectApiError(res, 400, 'VALIDATION_FAILED');
        expect(res.body.details.map((d: { field: string }) => d.field)).toContain('lng');
      }
    });

    it('answers 404 for a grid outside the caller scope', async () => {
      expect((await locate(city.insideGrid.get(city.grids[1])!, dispatcher)).body.code).toBe(city.grids[1]);
      const res = await locate(city.insideGrid.get(city.grids[6])!, dispatcher);
      expectApiError(res, 404, 'NOT_FOUND');
    });

    it('on a shared edge, answers the grid in the caller scope, not 404 for the neighbour out of scope', async () => {
      // grids 5 (community 1) and 6 (community 2) are side by side; the point is in both
      const ring = (await boundaryOf(city.grids[5])).coordinates[0];
      expect(ring[1][0]).toBe(ring[2][0]);
      const onEdge = { lng: ring[1][0], lat: (ring[1][1] + ring[2][1]) / 2 };
      expect((await locate(onEdge)).body.code).toBe(city.grids[5]);

      const ofCommunity2 = await createTestUser(api.app, 'dispatcher', city.communities[2]);
      const res = await locate(onEdge, ofCommunity2);
      expect(res.status).toBe(200);
      expect(res.body.code).toBe(city.grids[6]);
    });
  });

  describe('redraws', () => {
    const history = (code: string) => admin.auth(api.http().get(`/api/v1/grids/${code}/history`));

    it('retires a grid: readable, off the map, read-only', async () => {
      const code = city.grids[3];
      const inside = city.insideGrid.get(code)!;
      expect((await locate(inside)).body.code).toBe(code);

      const denied = await dispatcher
        .auth(api.http().post(`/api/v1/grids/${city.grids[0]}/retire`))
        .send({ reason: 'x' });
      expectApiError(denied, 403, 'FORBIDDEN');
      const noReason = await admin.auth(api.http().post(`/api/v1/grids/${code}/retire`)).send({});
      expectApiError(noReason, 400, 'VALIDATION_FAILED');

      const res = await admin.auth(api.http().post(`/api/v1/grids/${code}/retire`)).send({ reason: '拆迁' });
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ code, status: 'retired', retiredAt: expect.any(String) }));

      const got = await getGrid(code);
      expect(got.status).toBe(200);
      expect(got.body.status).toBe('retired');
      expectApiError(await locate(inside), 404, 'NOT_FOUND');

      const patch = await admin.auth(api.http().patch(`/api/v1/grids/${code}`)).send({ households: 410 });
      expectApiError(patch, 409, 'STATE_CONFLICT');
      const again = await admin.auth(api.http().post(`/api/v1/grids/${code}/retire`)).send({ reason: '再次' });
      expectApiError(again, 409, 'STATE_CONFLICT');

      const h = await history(code);
      expect(h.status).toBe(200);
      expect(h.body).toEqual([
        expect.objectContaining({ kind: 'retire', fromCodes: [code], toCodes: [], reason: '拆迁', actorId: admin.id }),
      ]);
      const retired = await admin
        .auth(api.http().get('/api/v1/grids'))
        .query({ parentCode: city.communities[1], status: 'retired' });
      expect(retired.body.items.map((g: { code: string }) => g.code)).toEqual([code]);
    });

    it('splits a grid into two new grids of the same community', async () => {
      const old = city.grids[4];
      const [[x0, y0], , [x1, y1]] = (await boundaryOf(old)).coordinates[0];
      const xm = (x0 + x1) / 2;
      const west = rectangle([x0, y0], [xm, y1]);
      const east = rectangle([xm, y0], [x1, y1]);
      const into = [gridBody(`${city.communities[1]}101`, west), gridBody(`${city.communities[1]}102`, east)];

      // into another community: refused, nothing changes
      const wrong = await admin
        .auth(api.http().post(`/api/v1/grids/${old}/split`))
        .send({ into: [into[0], gridBody(`${city.communities[0]}105`, east)], reason: '人口增长' });
      expectApiError(wrong, 400, 'VALIDATION_FAILED');
      expect(wrong.body.details[0].field).toBe('into.1.code');
      const one = await admin
        .auth(api.http().post(`/api/v1/grids/${old}/split`))
        .send({ into: [into[0]], reason: '人口增长' });
      expectApiError(one, 400, 'VALIDATION_FAILED');
      expect((await getGrid(old)).body.status).toBe('active');
      expect((await getGrid(`${city.communities[1]}101`)).status).toBe(404);

      const res = await admin.auth(api.http().post(`/api/v1/grids/${old}/split`)).send({ into, reason: '人口增长' });
      expect(res.status).toBe(200);
      expect(res.body.retired).toEqual([old]);
      expect(res.body.created.map((g: { code: string; status: string }) => [g.code, g.status])).toEqual([
        [into[0].code, 'active'],
        [into[1].code, 'active'],
      ]);

      const oldNow = await getGrid(old);
      expect(oldNow.status).toBe(200);
      expect(oldNow.body.status).toBe('retired');
      expect((await locate(centreOf(west))).body.code).toBe(into[0].code);
      expect((await locate(centreOf(east))).body.code).toBe(into[1].code);

      const split = expect.objectContaining({
        kind: 'split',
        fromCodes: [old],
        toCodes: [into[0].code, into[1].code],
        reason: '人口增长',
      });
      expect((await history(old)).body).toEqual([split]);
      expect((await history(into[1].code)).body).toEqual([split]);

      const twice = await admin.auth(api.http().post(`/api/v1/grids/${old}/split`)).send({
        into: [gridBody(`${city.communities[1]}103`, west), gridBody(`${city.communities[1]}104`, east)],
        reason: 'x',
      });
      expectApiError(twice, 409, 'STATE_CONFLICT');
      expect((await getGrid(`${city.communities[1]}103`)).status).toBe(404);
    });

    it('merges two grids of one community into one', async () => {
      const [a, b] = [city.grids[9], city.grids[10]];
      const [[x0, y0]] = (await boundaryOf(a)).coordinates[0];
      const [, , [x1, y1]] = (await boundaryOf(b)).coordinates[0];
      const merged = rectangle([x0, y0], [x1, y1]);
      const code = `${city.communities[3]}101`;

      const elsewhere = await admin
        .auth(api.http().post('/api/v1/grids/merge'))
        .send({ fromCodes: [a, b], into: gridBody(`${city.communities[2]}109`, merged), reason: '合并' });
      expectApiError(elsewhere, 400, 'VALIDATION_FAILED');
      expect(elsewhere.body.details[0].field).toBe('into.code');
      const mixed = await admin
        .auth(api.http().post('/api/v1/grids/merge'))
        .send({ fromCodes: [a, city.grids[8]], into: gridBody(code, merged), reason: '合并' });
      expectApiError(mixed, 400, 'VALIDATION_FAILED');
      const same = await admin
        .auth(api.http().post('/api/v1/grids/merge'))
        .send({ fromCodes: [a, a], into: gridBody(code, merged), reason: '合并' });
      expectApiError(same, 400, 'VALIDATION_FAILED');
      expect((await getGrid(a)).body.status).toBe('active');

      const res = await admin
        .auth(api.http().post('/api/v1/grids/merge'))
        .send({ fromCodes: [a, b], into: gridBody(code, merged), reason: '合并' });
      expect(res.status).toBe(201);
      expect(res.body.retired).toEqual([a, b]);
      expect(res.body.created.map((g: { code: string }) => g.code)).toEqual([code]);

      for (const old of [a, b]) {
        const got = await getGrid(old);
        expect(got.status).toBe(200);
        expect(got.body.status).toBe('retired');
        expect((await locate(city.insideGrid.get(old)!)).body.code).toBe(code);
      }
      expect((await history(code)).body).toEqual([
        expect.objectContaining({ kind: 'merge', fromCodes: [a, b], toCodes: [code], reason: '合并' }),
      ]);

      // a retired grid cannot be merged again
      const again = await admin.auth(api.http().post('/api/v1/grids/merge')).send({
        fromCodes: [a, city.grids[11]],
        into: gridBody(`${city.communities[3]}102`, merged),
        reason: '再合并',
      });
      expectApiError(again, 409, 'STATE_CONFLICT');
      expect((await getGrid(city.grids[11])).body.status).toBe('active');
      expect((await getGrid(`${city.communities[3]}102`)).status).toBe(404);
    });

    it('redraws are admin-only and history is scoped', async () => {
      const split = await dispatcher
        .auth(api.http().post(`/api/v1/grids/${city.grids[0]}/split`))
        .send({ into: [], reason: 'x' });
      expectApiError(split, 403, 'FORBIDDEN');
      const merge = await dispatcher.auth(api.http().post('/api/v1/grids/merge')).send({});
      expectApiError(merge, 403, 'FORBIDDEN');
      expectApiError(await dispatcher.auth(api.http().get(`/api/v1/grids/${city.grids[3]}/history`)), 404, 'NOT_FOUND');
    });
  });

  describe('sign board (网格公示牌)', () => {
    it('shows the grid, its workers with phones, no police yet, the request URL and its QR code', async () => {
      const code = city.grids[1];
      const worker = await admin.auth(api.http().post('/api/v1/workers')).send({
        name: '李明',
        phone: '13812345678',
        type: 'full_time',
        gridCodes: [code],
        partyMember: false,
      });
      expect(worker.status).toBe(201);

      const res = await dispatcher.auth(api.http().get(`/api/v1/grids/${code}/sign-board`));
      expect(res.status).toBe(200);
      expect(res.body.grid).toEqual(expect.objectContaining({ code, name: `网格${code}` }));
      expect(res.body.workers).toEqual([
        expect.objectContaining({ name: '李明', type: 'full_time', phone: '13812345678' }),
      ]);
      expect(res.body.police).toBeNull();
      expect(res.body.requestUrl).toBe(`${api.config.publicBaseUrl}/r/${code}`);
      expect(res.body.requestUrl.startsWith(api.config.publicBaseUrl)).toBe(true);
      expect(res.body.requestUrl.endsWith(`/r/${code}`)).toBe(true);
      expect(res.body.qrSvg).toMatch(/^(<svg|<\?xml)/);

      // the grid now counts as staffed (网中有格、格内定人)
      expect((await getGrid(code)).body).toEqual(
        expect.objectContaining({ staffed: true, workers: [expect.objectContaining({ name: '李明' })] }),
      );
    });

    it('answers 404 for a grid outside the caller scope or unknown', async () => {
      expectApiError(
        await dispatcher.auth(api.http().get(`/api/v1/grids/${city.grids[6]}/sign-board`)),
        404,
        'NOT_FOUND',
      );
      expectApiError(
        await admin.auth(api.http().get(`/api/v1/grids/${city.communities[0]}999/sign-board`)),
        404,
        'NOT_FOUND',
      );
    });
  });
});
