import { randomInt } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { hashPassword } from '@gridflow/auth';
import {
  type AuthUser,
  defaultPartyOrgName,
  departmentParentOf,
  generateGridTiling,
  type Role,
} from '@gridflow/domain';
import { GridLocatorService } from '@gridflow/org';

export const TEST_PASSWORD = 'test-password-123';

/** Time limits of a catalogue item the specs propose: an hour to accept, then hours to days. */
export const ITEM_LIMITS = {
  acceptSeconds: 3600,
  dispatchSeconds: 7200,
  claimSeconds: 7200,
  resolveSeconds: 3 * 25200,
  verifySeconds: 25200,
  archiveSeconds: 25200,
};

export interface TestCity {
  city: string;
  county: string;
  townships: string[];
  communities: string[];
  /** grid codes, three per community */
  grids: string[];
  /** a point strictly inside each grid (its lattice cell's centre) */
  insideGrid: Map<string, { lng: number; lat: number }>;
}

/**
 * A city of its own for one test file — random 4-digit city code, so files running in
 * parallel on the run's database never share rows: 1 county, 2 townships, 2 communities
 * each, 3 grids per community (12 tiled grids, far away from other test cities).
 */
export async function createTestCity(app: INestApplication): Promise<TestCity> {
  const db = app.get(DataSource);
  for (;;) {
    const city = String(randomInt(2000, 9999));
    const taken = await db.query('SELECT 1 FROM org_unit WHERE code = $1', [city]);
    if (taken.length) continue;
    const county = `${city}01`;
    const townships = [`${county}001`, `${county}002`];
    const communities = townships.flatMap((t) => [`${t}001`, `${t}002`]);
    const grids = communities.flatMap((c) => [`${c}001`, `${c}002`, `${c}003`]);
    // Each test city gets its own patch of the map, keyed by its code.
    const origin: [number, number] = [100 + (Number(city) % 100) * 0.1, 20 + Math.floor(Number(city) / 100) * 0.1];
    const tiles = generateGridTiling({ count: 12, origin, jitter: 0, seed: Number(city) });
    const insideGrid = new Map<string, { lng: number; lat: number }>();
    await db.transaction(async (tx) => {
      const unit = (code: string, level: string, parent: string | null, name: string) =>
        tx.query('INSERT INTO org_unit (code, name, level, parent_code, party_org_name) VALUES ($1,$2,$3,$4,$5)', [
          code,
          name,
          level,
          parent,
          defaultPartyOrgName(level as never, name),
        ]);
      await unit(city, 'city', null, `测试市${city}`);
      await unit(county, 'county', city, `测试区${county}`);
      for (const t of townships) await unit(t, 'township', county, `街道${t}`);
      for (const c of communities) await unit(c, 'community', c.slice(0, -3), `社区${c}`);
      for (const [i, g] of grids.entries()) {
        await unit(g, 'grid', g.slice(0, -3), `网格${g}`);
        await tx.query(
          `INSERT INTO grid (code, community_code, type, households, population, boundary) VALUES ($1,$2,'community',400,1100,$3)`,
          [g, g.slice(0, -3), JSON.stringify(tiles[i].boundary)],
        );
        const ring = tiles[i].boundary.coordinates[0];
        insideGrid.set(g, {
          lng: (ring[0][0] + ring[2][0]) / 2,
          lat: (ring[0][1] + ring[2][1]) / 2,
        });
      }
    });
    // Inserted behind the service's back: tell the API's grid index (and its peers) about them.
    await app.get(GridLocatorService).changed(grids);
    return { city, county, townships, communities, grids, insideGrid };
  }
}

export interface TestUser extends AuthUser {
  token: string;
  /** supertest request with this user's bearer token */
  auth: (req: supertest.Test) => supertest.Test;
}

let userCounter = 0;

/** A user with a role and scope, logged in through the real login endpoint. */
export async function createTestUser(
  app: INestApplication,
  role: Role,
  scopeCode: string,
  username = `${role}_${scopeCode}_${process.pid}_${++userCounter}`,
  departmentCode: string | null = null,
): Promise<TestUser> {
  const db = app.get(DataSource);
  const [row] = await db.query(
    `INSERT INTO app_user (username, password_hash, display_name, role, scope_code, department_code)
     VALUES ($1,$2,$3,$4,$5,$6) RETURNING id`,
    [username, await hashPassword(TEST_PASSWORD), `测试${role}`, role, scopeCode, departmentCode],
  );
  const res = await supertest(app.getHttpServer())
    .post('/api/v1/auth/login')
    .send({ username, password: TEST_PASSWORD });
  if (res.status !== 200) throw new Error(`login of ${username} failed: ${res.status} ${JSON.stringify(res.body)}`);
  const token = res.body.accessToken as string;
  return {
    id: row.id,
    username,
    displayName: `测试${role}`,
    role,
    scopeCode,
    departmentCode,
    token,
    auth: (req) => req.set('Authorization', `Bearer ${token}`),
  };
}

/** A department (职能部门) under a county or city, inserted directly; returns its code. */
export async function createTestDepartment(app: INestApplication, parentCode: string, name: string): Promise<string> {
  const db = app.get(DataSource);
  const [{ n }] = await db.query(`SELECT count(*)::int AS n FROM department WHERE parent_code = $1`, [parentCode]);
  const code = `${parentCode}D${String(n + 1).padStart(2, '0')}`;
  await db.query(`INSERT INTO department (code, parent_code, name) VALUES ($1, $2, $3)`, [code, parentCode, name]);
  return code;
}

/** A department_staff (职能部门人员) of a department, at its county or city, logged in. */
export function createDepartmentStaff(app: INestApplication, departmentCode: string): Promise<TestUser> {
  const scope = departmentParentOf(departmentCode);
  return createTestUser(
    app,
    'department_staff',
    scope,
    `department_staff_${departmentCode}_${process.pid}_${++userCounter}`,
    departmentCode,
  );
}
