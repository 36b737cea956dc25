import type { Response } from 'supertest';
import { CODE_LENGTH, ORG_LEVELS, type OrgLevel, ROLES, type Role } from '@gridflow/domain';
import {
  createTestApi,
  createTestCity,
  createTestUser,
  type TestApi,
  type TestCity,
  type TestUser,
  expectApiError,
} from '../support/index.js';

/**
 * Issue 16 item 9 (API.md "Role and scope agree"): every role × every org level through
 * POST and PATCH /users; a change of role alone or scope alone is checked against the pair it
 * leaves; oversized codes and non-admin callers get the contract's 4xx, never a 500.
 */

/** The rule written out again, independently of libs/domain's table. */
const ALLOWED: Record<Role, OrgLevel[]> = {
  grid_worker: ['grid'],
  party_member: ['community', 'grid'],
  dispatcher: ['township', 'community'],
  supervisor: ['city', 'county', 'township'],
  admin: ['city', 'county'],
  department_staff: ['city', 'county'],
};

/** 400 VALIDATION_FAILED whose details name scopeCode and nothing else. */
function expectScopeRefused(res: Response) {
  expectApiError(res, 400, 'VALIDATION_FAILED');
  expect(res.body.details).toEqual([{ field: 'scopeCode', problem: expect.any(String) }]);
}

describe('role and scope agree (issue 16 item 9)', () => {
  let api: TestApi;
  let city: TestCity;
  let admin: TestUser;
  let seq = 0;

  beforeAll(async () => {
    api = await createTestApi();
    city = await createTestCity(api.app);
    admin = await createTestUser(api.app, 'admin', city.city);
    // department staff carry a department of their scope (docs/departments.md)
    for (const parentCode of [city.city, city.county]) {
      const res = await admin.auth(api.http().post('/api/v1/departments')).send({ parentCode, name: '城管局' });
      expect(res.status).toBe(201);
      departmentAt.set(parentCode, res.body.code);
    }
  });
  const departmentAt = new Map<string, string>();
  /** department_staff's department: the one at that scope, else the county's (refused for the scope first) */
  const department = (role: Role, scopeCode: string) =>
    role === 'department_staff' ? { departmentCode: departmentAt.get(scopeCode) ?? departmentAt.get(city.county) } : {};
  afterAll(() => api.close());

  const codeAt = (level: OrgLevel) => city.grids[0].slice(0, CODE_LENGTH[level]);
  const body = (role: Role, scopeCode: string) => ({
    username: `rs_${city.city}_${process.pid}_${++seq}`,
    password: 'a-good-password',
    displayName: '范围测试',
    role,
    scopeCode,
    ...department(role, scopeCode),
  });
  const post = (b: object, user = admin) => user.auth(api.http().post('/api/v1/users')).send(b);
  const patch = (id: string, b: object, user = admin) => user.auth(api.http().patch(`/api/v1/users/${id}`)).send(b);
  const stored = async (id: string) => (await admin.auth(api.http().get(`/api/v1/users/${id}`))).body;

  const matrix = ROLES.flatMap((role) => ORG_LEVELS.map((level) => [role, level] as const));

  it.each(matrix)('POST /users: %s at a %s', async (role, level) => {
    const res = await post(body(role, codeAt(level)));
    if (ALLOWED[role].includes(level)) {
      expect(res.status).toBe(201);
      expect(res.body).toEqual(expect.objectContaining({ role, scopeCode: codeAt(level) }));
    } else {
      expectScopeRefused(res);
      const list = await admin
        .auth(api.http().get('/api/v1/users'))
        .query({ role, scopeCode: codeAt(level), limit: 100 });
      expect(list.body.items.filter((u: { scopeCode: string }) => u.scopeCode === codeAt(level))).toEqual([]);
    }
  });

  it.each(matrix)('PATCH /users/:id role and scope together: %s at a %s', async (role, level) => {
    const user = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const res = await patch(user.id, { role, scopeCode: codeAt(level), ...department(role, codeAt(level)) });
    if (ALLOWED[role].includes(level)) {
      expect(res.status).toBe(200);
      expect(res.body).toEqual(expect.objectContaining({ role, scopeCode: codeAt(level) }));
    } else {
      expectScopeRefused(res);
      expect(await stored(user.id)).toEqual(
        expect.objectContaining({ role: 'dispatcher', scopeCode: city.communities[0] }),
      );
    }
  });

  it('PATCH of the role alone is checked against the scope the user keeps', async () => {
    const worker = await createTestUser(api.app, 'grid_worker', city.grids[0]);
    for (const role of ['admin', 'supervisor', 'dispatcher'] as const) {
      expectScopeRefused(await patch(worker.id, { role }));
    }
    expect(await stored(worker.id)).toEqual(expect.objectContaining({ role: 'grid_worker', scopeCode: city.grids[0] }));
    // a token issued before a refused change still works: nothing was written
    expect((await worker.auth(api.http().get('/api/v1/auth/me'))).status).toBe(200);

    const ok = await patch(worker.id, { role: 'party_member' });
    expect(ok.status).toBe(200);
    expect(ok.body).toEqual(expect.objectContaining({ role: 'party_member', scopeCode: city.grids[0] }));
  });

  it('PATCH of the scope alone is checked against the role the user keeps', async () => {
    const supervisor = await createTestUser(api.app, 'supervisor', city.townships[0]);
    for (const scopeCode of [city.communities[0], city.grids[0]]) {
      expectScopeRefused(await patch(supervisor.id, { scopeCode }));
    }
    expect(await stored(supervisor.id)).toEqual(
      expect.objectContaining({ role: 'supervisor', scopeCode: city.townships[0] }),
    );
    const ok = await patch(supervisor.id, { scopeCode: city.county });
    expect(ok.status).toBe(200);
    expect(ok.body.scopeCode).toBe(city.county);
    // a PATCH touching neither role nor scope does not re-judge the pair
    expect((await patch(supervisor.id, { displayName: '改名督查' })).status).toBe(200);
  });

  it('a 1 MB scopeCode is 413, one just under the body limit is 400 naming scopeCode; never a 500', async () => {
    const huge = await post(body('admin', '1'.repeat(1024 * 1024)));
    expectApiError(huge, 413, 'PAYLOAD_TOO_LARGE');
    const large = await post(body('admin', '1'.repeat(900 * 1024)));
    expectApiError(large, 400, 'VALIDATION_FAILED');
    expect(large.body.details.map((d: { field: string }) => d.field)).toEqual(['scopeCode']);
    expect(JSON.stringify(large.body).length).toBeLessThan(4096);
    const target = await createTestUser(api.app, 'dispatcher', city.communities[1]);
    expectApiError(await patch(target.id, { scopeCode: '1'.repeat(1024 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
    expectApiError(await patch(target.id, { scopeCode: '1'.repeat(900 * 1024) }), 400, 'VALIDATION_FAILED');
    expect(await stored(target.id)).toEqual(expect.objectContaining({ scopeCode: city.communities[1] }));
  });

  it('non-admin callers get 403 FORBIDDEN, a valid or an invalid pair alike, and nothing changes', async () => {
    const target = await createTestUser(api.app, 'dispatcher', city.communities[0]);
    const callers = await Promise.all([
      createTestUser(api.app, 'supervisor', city.city),
      createTestUser(api.app, 'dispatcher', city.townships[0]),
      createTestUser(api.app, 'grid_worker', city.grids[0]),
      createTestUser(api.app, 'party_member', city.communities[0]),
    ]);
    for (const caller of callers) {
      expectApiError(await post(body('admin', city.city), caller), 403, 'FORBIDDEN');
      expectApiError(await post(body('grid_worker', city.city), caller), 403, 'FORBIDDEN');
      expectApiError(await patch(target.id, { role: 'admin', scopeCode: city.city }, caller), 403, 'FORBIDDEN');
      expectApiError(await patch(caller.id, { role: 'admin' }, caller), 403, 'FORBIDDEN');
    }
    expect(await stored(target.id)).toEqual(
      expect.objectContaining({ role: 'dispatcher', scopeCode: city.communities[0] }),
    );
  });
});
