import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

describe('org units (organisation tree, 统一编码)', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  const post = (user: TestUser, body: object) => user.auth(api.http().post('/api/v1/org-units')).send(body);
  const get = (user: TestUser, code: string) => user.auth(api.http().get(`/api/v1/org-units/${code}`));

  it('creates a township and a community under it; the level comes from the code length', async () => {
    // codes free in the test city (createTestCity makes townships 001 and 002)
    const township = `${city.county}003`;
    const community = `${township}001`;
    const t = await post(admin, { code: township, name: '新建街道' });
    expect(t.status).toBe(201);
    expect(t.body).toEqual(
      expect.objectContaining({
        code: township,
        name: '新建街道',
        level: 'township',
        parentCode: city.county,
        partyOrgName: '新建街道党委',
        children: [],
      }),
    );

    const c = await post(admin, { code: community, name: '和平社区' });
    expect(c.status).toBe(201);
    expect(c.body).toEqual(
      expect.objectContaining({
        code: community,
        name: '和平社区',
        level: 'community',
        parentCode: township,
        partyOrgName: '和平社区党支部',
        children: [],
      }),
    );

    // GET /org-units/:code: {code, name, level, parentCode, children: [{code, name, level}]}
    const res = await get(admin, township);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      code: township,
      name: '新建街道',
      level: 'township',
      parentCode: city.county,
      partyOrgName: '新建街道党委',
      children: [{ code: community, name: '和平社区', level: 'community' }],
    });

    const county = await get(admin, city.county);
    expect(county.status).toBe(200);
    expect(county.body.level).toBe('county');
    expect(county.body.parentCode).toBe(city.city);
    expect(county.body.children.map((c: { code: string }) => c.code)).toEqual([...city.townships, township]);
    for (const child of county.body.children) expect(child.level).toBe('township');

    const root = await get(admin, city.city);
    expect(root.body).toEqual(expect.objectContaining({ level: 'city', parentCode: null }));
  });

  it('keeps a party organisation name given explicitly', async () => {
    const code = `${city.townships[1]}003`;
    const res = await post(admin, { code, name: '幸福村', partyOrgName: '幸福村党总支' });
    expect(res.status).toBe(201);
    expect(res.body.partyOrgName).toBe('幸福村党总支');
    expect(res.body.level).toBe('community');
  });

  it('refuses a unit whose parent does not exist with 400 VALIDATION_FAILED', async () => {
    const orphan = `${city.county}099001`; // township ${county}099 does not exist
    const res = await post(admin, { code: orphan, name: '无主社区' });
    expectApiError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details).toEqual([{ field: 'code', problem: expect.stringContaining(`${city.county}099`) }]);
    expect((await get(admin, orphan)).status).toBe(404);
  });

  it('refuses codes that are not digits or have a wrong length with 400 VALIDATION_FAILED', async () => {
    for (const code of [`${city.county}00a`, `${city.county}0001`, `${city.city}1`, '', 12345678]) {
      const res = await post(admin, { code, name: '坏编码' });
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect(res.body.details).toContainEqual({ field: 'code', problem: expect.any(String) });
    }
  });

  it('refuses a grid code (grids are created with POST /grids) with 400', async () => {
    const res = await post(admin, { code: `${city.communities[0]}099`, name: '网格' });
    expectApiError(res, 400, 'VALIDATION_FAILED');
    expect(res.body.details[0].field).toBe('code');
  });

  it('refuses a missing name and unknown fields with 400', async () => {
    const noName = await post(admin, { code: `${city.county}004` });
    expectApiError(noName, 400, 'VALIDATION_FAILED');
    expect(noName.body.details.map((d: { field: string }) => d.field)).toContain('name');
    const extra = await post(admin, { code: `${city.county}004`, name: '街道', level: 'city' });
    expectApiError(extra, 400, 'VALIDATION_FAILED');
    expect(extra.body.details).toContainEqual({ field: 'level', problem: 'unknown field' });
  });

  it('refuses a duplicate code with 409 ALREADY_EXISTS naming the field', async () => {
    const res = await post(admin, { code: city.townships[0], name: '重复街道' });
    expectApiError(res, 409, 'ALREADY_EXISTS');
    expect(res.body.details).toEqual([{ field: 'code', problem: 'already exists' }]);
    // the original is untouched
    expect((await get(admin, city.townships[0])).body.name).toBe(`街道${city.townships[0]}`);
  });

  it('refuses a code outside the admin scope with 403 FORBIDDEN', async () => {
    // another city's county (1999 is below the test cities' range, so it never exists)
    const elsewhere = await post(admin, { code: '199901', name: '别处' });
    expectApiError(elsewhere, 403, 'FORBIDDEN');

    // a township admin cannot add a sibling township
    const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
    const sibling = await post(townshipAdmin, { code: `${city.county}005`, name: '邻街道' });
    expectApiError(sibling, 403, 'FORBIDDEN');
    expect((await get(admin, `${city.county}005`)).status).toBe(404);

    // …but may add a community inside its own township
    const own = await post(townshipAdmin, { code: `${city.townships[0]}003`, name: '自家社区' });
    expect(own.status).toBe(201);
  });

  it('answers 403 FORBIDDEN to every non-admin role on POST, before looking at the body', async () => {
    for (const role of ['supervisor', 'dispatcher', 'grid_worker', 'party_member'] as const) {
      const user = await createTestUser(api.app, role, city.city);
      const res = await post(user, { code: `${city.county}006`, name: '越权街道' });
      expectApiError(res, 403, 'FORBIDDEN');
      const invalid = await post(user, { code: 'nope' });
      expectApiError(invalid, 403, 'FORBIDDEN');
    }
    expect((await get(admin, `${city.county}006`)).status).toBe(404);
  });

  it('scopes reads: in scope 200, out of scope (or above the scope) 404 NOT_FOUND', async () => {
    const dispatcher = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const own = await get(dispatcher, city.communities[0]);
    expect(own.status).toBe(200);
    expect(own.body.children.map((c: { code: string }) => c.code)).toEqual(city.grids.slice(0, 3));
    for (const child of own.body.children) expect(child.level).toBe('grid');

    for (const code of [city.townships[1], city.communities[1], city.communities[2], city.county]) {
      expectApiError(await get(dispatcher, code), 404, 'NOT_FOUND');
    }
  });

  it('answers 404 for codes that do not exist or are malformed', async () => {
    expectApiError(await get(admin, `${city.county}777`), 404, 'NOT_FOUND');
    expectApiError(await get(admin, 'abc'), 404, 'NOT_FOUND');
  });

  it('PATCH renames a unit (admin only)', async () => {
    const community = `${city.townships[1]}004`;
    expect((await post(admin, { code: community, name: '和平社区' })).status).toBe(201);
    const res = await admin
      .auth(api.http().patch(`/api/v1/org-units/${community}`))
      .send({ name: '和平新社区', partyOrgName: '和平新社区党委' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(expect.objectContaining({ name: '和平新社区', partyOrgName: '和平新社区党委' }));
    const supervisor = await createTestUser(api.app, 'supervisor', city.city);
    const denied = await supervisor.auth(api.http().patch(`/api/v1/org-units/${community}`)).send({ name: 'x' });
    expectApiError(denied, 403, 'FORBIDDEN');
  });

  describe('search (any unit by name or code, not only those a tree has loaded)', () => {
    const search = (user: TestUser, q: string, limit?: number) =>
      user.auth(
        api
          .http()
          .get('/api/v1/org-units')
          .query(limit ? { q, limit } : { q }),
      );

    it('finds units in scope by part of the name or the start of the code, shallowest first', async () => {
      const community = `${city.townships[0]}010`;
      expect((await post(admin, { code: community, name: '搜索用光明社区' })).status).toBe(201);
      const byName = await search(admin, '光明');
      expect(byName.status).toBe(200);
      expect(byName.body.items).toEqual([
        { code: community, name: '搜索用光明社区', level: 'community', parentCode: city.townships[0] },
      ]);
      const byCode = await search(admin, city.townships[0]);
      expect(byCode.body.items[0].code).toBe(city.townships[0]);
      expect(byCode.body.items.map((u: { code: string }) => u.code)).toContain(community);

      // A dispatcher of another township finds nothing of it: search never leaks beyond the scope.
      const other = await createTestUser(api.app, 'dispatcher', city.communities[2]);
      expect((await search(other, '光明')).body.items).toEqual([]);
      expect((await search(other, city.townships[0])).body.items).toEqual([]);
    });

    it('takes LIKE wildcards literally and refuses blank, oversized or malformed queries with 400', async () => {
      expect((await search(admin, '%')).body.items).toEqual([]);
      expect((await search(admin, '_')).body.items).toEqual([]);
      expect((await search(admin, '\\')).body.items).toEqual([]);
      expectApiError(await search(admin, '   '), 400, 'VALIDATION_FAILED');
      expectApiError(await search(admin, 'x'.repeat(51)), 400, 'VALIDATION_FAILED');
      expectApiError(await search(admin, '光明', 51), 400, 'VALIDATION_FAILED');
      expectApiError(await admin.auth(api.http().get('/api/v1/org-units')), 400, 'VALIDATION_FAILED');
      expect((await api.http().get('/api/v1/org-units').query({ q: '光明' })).status).toBe(401);
    });
  });

  describe('removal of empty units', () => {
    const remove = (user: TestUser, code: string) => user.auth(api.http().delete(`/api/v1/org-units/${code}`));

    it('removes a unit with no lower units, grids or users (204), and it is gone', async () => {
      const community = `${city.townships[1]}020`;
      expect((await post(admin, { code: community, name: '测试用空社区' })).status).toBe(201);
      const res = await remove(admin, community);
      expect(res.status).toBe(204);
      expectApiError(await get(admin, community), 404, 'NOT_FOUND');
      expectApiError(await remove(admin, community), 404, 'NOT_FOUND');
    });

    it('refuses with 409 a unit that has lower units, users, or is a grid; nothing is removed', async () => {
      const township = `${city.county}030`;
      const community = `${township}001`;
      expect((await post(admin, { code: township, name: '有下级的街道' })).status).toBe(201);
      expect((await post(admin, { code: community, name: '有用户的社区' })).status).toBe(201);
      const withChild = await remove(admin, township);
      expectApiError(withChild, 409, 'STATE_CONFLICT');
      expect(withChild.body.details[0]).toMatchObject({ field: 'code', problem: 'has lower units' });

      await createTestUser(api.app, 'dispatcher', community);
      const withUser = await remove(admin, community);
      expectApiError(withUser, 409, 'STATE_CONFLICT');
      expect(withUser.body.details[0]).toMatchObject({ field: 'code', problem: 'has users' });

      expectApiError(await remove(admin, city.grids[0]), 409, 'STATE_CONFLICT');
      expectApiError(await remove(admin, city.communities[0]), 409, 'STATE_CONFLICT');
      for (const code of [township, community, city.grids[0], city.communities[0]]) {
        expect((await get(admin, code)).status).toBe(200);
      }
    });

    it('is for admins in scope only: other roles 403, out of scope 404, own scope root 409', async () => {
      const community = `${city.townships[0]}040`;
      expect((await post(admin, { code: community, name: '越权删除的社区' })).status).toBe(201);
      for (const role of ['supervisor', 'dispatcher', 'grid_worker', 'party_member'] as const) {
        const user = await createTestUser(api.app, role, city.city);
        expectApiError(await remove(user, community), 403, 'FORBIDDEN');
      }
      const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[1]);
      expectApiError(await remove(townshipAdmin, community), 404, 'NOT_FOUND');
      const ownRoot = await createTestUser(api.app, 'admin', city.townships[1]);
      expectApiError(await remove(ownRoot, ownRoot.scopeCode), 409, 'STATE_CONFLICT');
      expect((await api.http().delete(`/api/v1/org-units/${community}`)).status).toBe(401);
      expect((await get(admin, community)).status).toBe(200);
    });
  });
});
