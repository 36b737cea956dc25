import type { Response } from 'supertest';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  TEST_PASSWORD,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

const fieldsOf = (res: Response): string[] => res.body.details.map((d: { field: string }) => d.field);

describe('users administration (admin only, scoped)', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let seq = 0;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
  });
  afterAll(() => api.close());

  /** usernames unique to this file's city and process */
  const uniqueName = (prefix: string) => `${prefix}_${city.city}_${process.pid}_${++seq}`;
  const userBody = (extra: object = {}) => ({
    username: uniqueName('u'),
    password: 'a-good-password',
    displayName: '张三',
    role: 'dispatcher',
    scopeCode: city.communities[0],
    ...extra,
  });
  const postUser = (body: object, user = admin) => user.auth(api.http().post('/api/v1/users')).send(body);
  const listUsers = (query: object, user = admin) => user.auth(api.http().get('/api/v1/users')).query(query);
  const idsOf = (res: Response): string[] => res.body.items.map((u: { id: string }) => u.id);

  it('creates a user who can then log in', async () => {
    const body = userBody({ phone: '13812345678' });
    const res = await postUser(body);
    expect(res.status).toBe(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      username: body.username,
      displayName: '张三',
      role: 'dispatcher',
      scopeCode: city.communities[0],
      departmentCode: null,
      phone: '13812345678',
      disabled: false,
      createdAt: expect.any(String),
    });
    expect(JSON.stringify(res.body)).not.toMatch(/password/i);

    const login = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: body.username, password: body.password });
    expect(login.status).toBe(200);
    expect(login.body.user).toEqual({
      id: res.body.id,
      username: body.username,
      displayName: '张三',
      role: 'dispatcher',
      scopeCode: city.communities[0],
      departmentCode: null,
    });
    const got = await admin.auth(api.http().get(`/api/v1/users/${res.body.id}`));
    expect(got.status).toBe(200);
    expect(got.body).toEqual(res.body);
  });

  it('refuses a password under 10 characters, an unknown role and a bad username with 400', async () => {
    const short = await postUser(userBody({ password: '123456789' }));
    expectApiError(short, 400, 'VALIDATION_FAILED');
    expect(short.body.details).toEqual([{ field: 'password', problem: 'password must be at least 10 characters' }]);
    expect((await postUser(userBody({ password: '1234567890' }))).status).toBe(201);

    const role = await postUser(userBody({ role: 'superuser' }));
    expectApiError(role, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(role)).toEqual(['role']);

    const username = await postUser(userBody({ username: 'a b' }));
    expectApiError(username, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(username)).toEqual(['username']);

    const missing = await postUser({});
    expectApiError(missing, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(missing)).toEqual(
      expect.arrayContaining(['username', 'password', 'displayName', 'role', 'scopeCode']),
    );
  });

  it('refuses a scopeCode outside the admin scope or not existing with 400', async () => {
    const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
    // each role fits its scope's level (API.md "Role and scope agree"): only the unit is wrong
    const cases: [TestUser, string, string][] = [
      [townshipAdmin, city.communities[2], 'dispatcher'], // the other township
      [townshipAdmin, city.city, 'supervisor'], // above the admin's scope
      [admin, '1999', 'supervisor'], // another city
      [admin, `${city.county}099`, 'dispatcher'], // in scope but no such unit
      [admin, `${city.communities[0]}999`, 'grid_worker'], // no such grid
    ];
    for (const [actor, scopeCode, role] of cases) {
      const res = await postUser(userBody({ scopeCode, role }), actor);
      expectApiError(res, 400, 'VALIDATION_FAILED');
      expect({ scopeCode, details: res.body.details }).toEqual({
        scopeCode,
        details: [{ field: 'scopeCode', problem: expect.any(String) }],
      });
    }
    const malformed = await postUser(userBody({ scopeCode: '12ab' }));
    expectApiError(malformed, 400, 'VALIDATION_FAILED');
    expect(fieldsOf(malformed)).toEqual(['scopeCode']);

    const own = await postUser(userBody({ scopeCode: city.grids[0], role: 'grid_worker' }), townshipAdmin);
    expect(own.status).toBe(201);
  });

  it('refuses a duplicate username, case-insensitively, with 409 ALREADY_EXISTS naming the field', async () => {
    const username = uniqueName('Dup');
    expect((await postUser(userBody({ username }))).status).toBe(201);
    for (const again of [username, username.toLowerCase(), username.toUpperCase()]) {
      const res = await postUser(userBody({ username: again }));
      expectApiError(res, 409, 'ALREADY_EXISTS');
      expect(res.body.details).toEqual([{ field: 'username', problem: 'already exists' }]);
    }
  });

  it('lists users by role and scopeCode, newest first, paginated', async () => {
    const scopeCode = city.communities[3];
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await postUser(userBody({ role: 'party_member', scopeCode }));
      expect(res.status).toBe(201);
      ids.push(res.body.id);
    }
    await postUser(userBody({ role: 'dispatcher', scopeCode }));

    const all = await listUsers({ role: 'party_member', scopeCode });
    expect(all.status).toBe(200);
    expect(idsOf(all)).toEqual([...ids].reverse());
    expect(all.body.nextCursor).toBeNull();
    for (const u of all.body.items) expect(u).toEqual(expect.objectContaining({ role: 'party_member', scopeCode }));

    const first = await listUsers({ role: 'party_member', scopeCode, limit: 2 });
    expect(idsOf(first)).toEqual([ids[2], ids[1]]);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await listUsers({ role: 'party_member', scopeCode, limit: 2, cursor: first.body.nextCursor });
    expect(idsOf(second)).toEqual([ids[0]]);
    expect(second.body.nextCursor).toBeNull();

    // scopeCode matches the unit and everything under it
    const township = await listUsers({ role: 'party_member', scopeCode: city.townships[1], limit: 100 });
    expect(idsOf(township)).toEqual(expect.arrayContaining(ids));

    expectApiError(await listUsers({ role: 'boss' }), 400, 'VALIDATION_FAILED');
    expectApiError(await listUsers({ limit: 0 }), 400, 'VALIDATION_FAILED');
    expectApiError(await listUsers({ cursor: '***' }), 400, 'VALIDATION_FAILED');
  });

  it('scopes administration: an admin of one township neither sees nor touches the other township', async () => {
    const [t0, t1] = city.townships;
    const townshipAdmin = await createTestUser(api.app, 'admin', t0);
    const inOwn = (await postUser(userBody({ scopeCode: city.communities[1] }))).body;
    const inOther = (await postUser(userBody({ scopeCode: city.communities[2] }))).body;

    const seen = await listUsers({ limit: 100 }, townshipAdmin);
    expect(seen.status).toBe(200);
    const ids = idsOf(seen);
    expect(ids).toContain(inOwn.id);
    expect(ids).not.toContain(inOther.id);
    expect(ids).not.toContain(admin.id);
    for (const u of seen.body.items) expect(u.scopeCode.startsWith(t0)).toBe(true);
    expect((await listUsers({ scopeCode: t1 }, townshipAdmin)).body).toEqual({ items: [], nextCursor: null });

    for (const id of [inOther.id, admin.id]) {
      expectApiError(await townshipAdmin.auth(api.http().get(`/api/v1/users/${id}`)), 404, 'NOT_FOUND');
      expectApiError(
        await townshipAdmin.auth(api.http().patch(`/api/v1/users/${id}`)).send({ displayName: '改名' }),
        404,
        'NOT_FOUND',
      );
      expectApiError(
        await townshipAdmin
          .auth(api.http().post(`/api/v1/users/${id}/reset-password`))
          .send({ password: 'another-password-1' }),
        404,
        'NOT_FOUND',
      );
    }
    expect((await townshipAdmin.auth(api.http().get(`/api/v1/users/${inOwn.id}`))).status).toBe(200);
    expect((await admin.auth(api.http().get(`/api/v1/users/${inOther.id}`))).body.displayName).toBe('张三');
    expectApiError(
      await admin.auth(api.http().get('/api/v1/users/00000000-0000-4000-8000-000000000000')),
      404,
      'NOT_FOUND',
    );
  });

  it('PATCH changes role and scope, and the old token stops working', async () => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    expect((await user.auth(api.http().get('/api/v1/auth/me'))).status).toBe(200);

    const res = await admin
      .auth(api.http().patch(`/api/v1/users/${user.id}`))
      .send({ role: 'supervisor', scopeCode: city.townships[1], displayName: '李督查' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual(
      expect.objectContaining({
        id: user.id,
        role: 'supervisor',
        scopeCode: city.townships[1],
        displayName: '李督查',
        disabled: false,
      }),
    );
    expect((await admin.auth(api.http().get(`/api/v1/users/${user.id}`))).body.role).toBe('supervisor');
    expectApiError(await user.auth(api.http().get('/api/v1/auth/me')), 401, 'UNAUTHENTICATED');

    const login = await api
      .http()
      .post('/api/v1/auth/login')
      .send({ username: user.username, password: TEST_PASSWORD });
    expect(login.body.user).toEqual(expect.objectContaining({ role: 'supervisor', scopeCode: city.townships[1] }));

    for (const scopeCode of ['1999', `${city.county}099`]) {
      const bad = await admin.auth(api.http().patch(`/api/v1/users/${user.id}`)).send({ scopeCode });
      expectApiError(bad, 400, 'VALIDATION_FAILED');
      expect(fieldsOf(bad)).toEqual(['scopeCode']);
    }
    const badRole = await admin.auth(api.http().patch(`/api/v1/users/${user.id}`)).send({ role: 'root' });
    expectApiError(badRole, 400, 'VALIDATION_FAILED');
    const noRename = await admin.auth(api.http().patch(`/api/v1/users/${user.id}`)).send({ username: 'other' });
    expectApiError(noRename, 400, 'VALIDATION_FAILED');
    expect(noRename.body.details).toContainEqual({ field: 'username', problem: 'unknown field' });

    // a township admin cannot move its users out of its township
    const townshipAdmin = await createTestUser(api.app, 'admin', city.townships[0]);
    const mine = (await postUser(userBody({ scopeCode: city.communities[0] }), townshipAdmin)).body;
    const away = await townshipAdmin
      .auth(api.http().patch(`/api/v1/users/${mine.id}`))
      .send({ scopeCode: city.communities[2] });
    expectApiError(away, 400, 'VALIDATION_FAILED');
    expect((await admin.auth(api.http().get(`/api/v1/users/${mine.id}`))).body.scopeCode).toBe(city.communities[0]);
  });

  it('an admin cannot demote or disable themselves (409)', async () => {
    const self = await createTestUser(api.app, 'admin', city.city);
    const demote = await self.auth(api.http().patch(`/api/v1/users/${self.id}`)).send({ role: 'dispatcher' });
    expectApiError(demote, 409, 'STATE_CONFLICT');
    const disable = await self.auth(api.http().patch(`/api/v1/users/${self.id}`)).send({ disabled: true });
    expectApiError(disable, 409, 'STATE_CONFLICT');
    expect((await self.auth(api.http().get('/api/v1/auth/me'))).status).toBe(200);
  });

  it('answers 403 FORBIDDEN on every /users endpoint to every non-admin role', async () => {
    const target = (await postUser(userBody())).body.id as string;
    const scopeOf = {
      supervisor: city.city,
      dispatcher: city.townships[0],
      grid_worker: city.grids[0],
      party_member: city.communities[0],
    };
    for (const role of ['supervisor', 'dispatcher', 'grid_worker', 'party_member'] as const) {
      const user = await createTestUser(api.app, role, scopeOf[role]);
      const calls = [
        postUser(userBody({ scopeCode: city.city }), user),
        user.auth(api.http().get('/api/v1/users')),
        user.auth(api.http().get('/api/v1/users')).query({ role: 'admin', scopeCode: city.city }),
        user.auth(api.http().get(`/api/v1/users/${target}`)),
        user.auth(api.http().get(`/api/v1/users/${user.id}`)),
        user.auth(api.http().patch(`/api/v1/users/${target}`)).send({ role: 'admin' }),
        user.auth(api.http().patch(`/api/v1/users/${user.id}`)).send({ role: 'admin', scopeCode: city.city }),
        user.auth(api.http().post(`/api/v1/users/${target}/reset-password`)).send({ password: 'stolen-password-1' }),
      ];
      for (const res of await Promise.all(calls)) expectApiError(res, 403, 'FORBIDDEN');
      // nothing changed: still this role, token still valid
      expect((await user.auth(api.http().get('/api/v1/auth/me'))).body.role).toBe(role);
    }
    expect((await admin.auth(api.http().get(`/api/v1/users/${target}`))).body.role).toBe('dispatcher');
  });
});
