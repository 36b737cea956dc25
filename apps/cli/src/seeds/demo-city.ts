import type { EntityManager } from 'typeorm';
import { hashPassword } from '@gridflow/auth';
import { defaultPartyOrgName, generateGridTiling } from '@gridflow/domain';

/**
 * The demo city (npm run demo): 大同市 › 平城区 › two townships › four communities › 12
 * grids whose polygons tile a small patch of Pingcheng district, workers of every type,
 * two police pairings, party members with liaison households, and the demo logins of
 * API.md. Idempotent: every row has a fixed key and is inserted only if missing.
 */
export const DEMO_PASSWORD = 'gridflow-demo';

const CITY = { code: '1402', name: '大同市' };
const COUNTY = { code: '140213', name: '平城区' };
const TOWNSHIPS = [
  { code: '140213001', name: '新建南路街道' },
  { code: '140213002', name: '南关街道' },
];
const COMMUNITIES = [
  { code: '140213001001', name: '和平社区', gridType: 'community' },
  { code: '140213001002', name: '振华南街社区', gridType: 'community' },
  { code: '140213002001', name: '南关南街社区', gridType: 'community' },
  { code: '140213002002', name: '马家小村', gridType: 'village' },
] as const;
const ORDINAL = ['第一', '第二', '第三'];

const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗';
const GIVEN = ['建国', '秀英', '海燕', '志强', '丽娟', '国华', '晓明', '春梅', '文军', '玉兰', '红霞', '永刚'];
const personName = (i: number) => SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length];
const phone = (i: number) => `139${String(10_000_000 + i * 7919).slice(-8)}`;

export const DEMO_USERS = [
  { username: 'admin', displayName: '市委政法委管理员', role: 'admin', scopeCode: '1402' },
  { username: 'supervisor', displayName: '新建南路街道督查员', role: 'supervisor', scopeCode: '140213001' },
  { username: 'dispatcher', displayName: '和平社区派单员', role: 'dispatcher', scopeCode: '140213001001' },
  { username: 'grid1', displayName: '和平社区第一网格员', role: 'grid_worker', scopeCode: '140213001001001' },
  { username: 'party1', displayName: '和平社区党员', role: 'party_member', scopeCode: '140213001001' },
  // the township desk that hands escalated matters (报大事) to a department, and a department's staff
  { username: 'township1', displayName: '新建南路街道派单员', role: 'dispatcher', scopeCode: '140213001' },
  {
    username: 'chengguan1',
    displayName: '平城区城管局执法队员',
    role: 'department_staff',
    scopeCode: '140213',
    departmentCode: '140213D01',
  },
] as const;

/** 职能部门 of 平城区: the departments the catalogue's items name (DOMAIN.md). */
const DEPARTMENTS = ['城管局', '住建局', '民政局', '应急管理局', '人社局', '卫健委', '司法局'].map((name, i) => ({
  code: `${COUNTY.code}D${String(i + 1).padStart(2, '0')}`,
  name,
}));

/**
 * Deterministic ids so that a second run finds the rows of the first: an md5 of the key,
 * with the version (4) and variant (8) nibbles set so that it is a valid RFC 4122 UUID.
 */
const demoId = (key: string) =>
  `overlay(overlay(md5('gridflow-demo:${key}') placing '4' from 13) placing '8' from 17)::uuid`;

export async function seedDemoCity(tx: EntityManager): Promise<{ grids: number; workers: number; users: number }> {
  const unit = (code: string, name: string, level: string, parent: string | null) =>
    tx.query(
      `INSERT INTO org_unit (code, name, level, parent_code, party_org_name) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (code) DO NOTHING`,
      [code, name, level, parent, defaultPartyOrgName(level as never, name)],
    );
  await unit(CITY.code, CITY.name, 'city', null);
  await unit(COUNTY.code, COUNTY.name, 'county', CITY.code);
  for (const t of TOWNSHIPS) await unit(t.code, t.name, 'township', COUNTY.code);
  for (const c of COMMUNITIES) await unit(c.code, c.name, 'community', c.code.slice(0, 9));

  // 12 grids: a 4 × 3 patch around 平城区 (≈ 340 m × 445 m cells), three per community.
  const tiles = generateGridTiling({ count: 12, origin: [113.29, 40.07], seed: 1402 });
  const gridCodes: string[] = [];
  for (const [ci, c] of COMMUNITIES.entries()) {
    for (let g = 0; g < 3; g++) {
      const code = `${c.code}${String(g + 1).padStart(3, '0')}`;
      const households = [420, 360, 520][g] + ci * 10;
      gridCodes.push(code);
      await unit(code, `${c.name}${ORDINAL[g]}网格`, 'grid', c.code);
      await tx.query(
        `INSERT INTO grid (code, community_code, type, households, population, boundary)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (code) DO NOTHING`,
        [
          code,
          c.code,
          c.gridType,
          households,
          Math.round(households * 2.7),
          JSON.stringify(tiles[ci * 3 + g].boundary),
        ],
      );
    }
  }

  const passwordHash = await hashPassword(DEMO_PASSWORD);
  for (const d of DEPARTMENTS) {
    await tx.query(`INSERT INTO department (code, parent_code, name) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [
      d.code,
      COUNTY.code,
      d.name,
    ]);
  }
  for (const u of DEMO_USERS) {
    await tx.query(
      `INSERT INTO app_user (id, username, password_hash, display_name, role, scope_code, department_code)
       VALUES (${demoId(`user:${u.username}`)}, $1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING`,
      [u.username, passwordHash, u.displayName, u.role, u.scopeCode, 'departmentCode' in u ? u.departmentCode : null],
    );
  }

  // Per grid: one full-time worker (网中有格、格内定人), one part-time in every other grid,
  // one assistant, two micro-grid workers; some of them party members.
  let n = 0;
  const worker = async (
    key: string,
    type: string,
    grid: string,
    partyMember: boolean,
    micro: string | null,
    user?: string,
  ) => {
    n++;
    await tx.query(
      `INSERT INTO worker (id, name, phone, type, party_member, user_id)
       VALUES (${demoId(`worker:${key}`)}, $1, $2, $3, $4,
               (SELECT id FROM app_user WHERE username = $5)) ON CONFLICT (id) DO NOTHING`,
      [personName(n), phone(n), type, partyMember, user ?? null],
    );
    await tx.query(
      `INSERT INTO worker_grid (worker_id, grid_code, micro_grid_name) VALUES (${demoId(`worker:${key}`)}, $1, $2)
       ON CONFLICT DO NOTHING`,
      [grid, micro],
    );
  };
  for (const [i, grid] of gridCodes.entries()) {
    await worker(`${grid}:full`, 'full_time', grid, i % 3 === 0, null, i === 0 ? 'grid1' : undefined);
    if (i % 2 === 0) await worker(`${grid}:part`, 'part_time', grid, true, null);
    await worker(`${grid}:assistant`, 'assistant', grid, false, null);
    await worker(`${grid}:micro1`, 'micro', grid, false, `${(i % 5) + 1}号楼`);
    await worker(`${grid}:micro2`, 'micro', grid, i % 2 === 1, `${(i % 5) + 6}号楼`);
  }
  // party1: a party member of 和平社区, who takes dispatched tickets (党员接单).
  await worker('party1', 'assistant', gridCodes[0], true, null, 'party1');

  await tx.query(
    `INSERT INTO liaison_household (id, worker_id, grid_code, address, householder) VALUES
       (${demoId('liaison:1')}, ${demoId('worker:party1')}, $1, '和平小区3号楼2单元401', '王秀英'),
       (${demoId('liaison:2')}, ${demoId('worker:party1')}, $1, '和平小区5号楼1单元102', '李建国'),
       (${demoId('liaison:3')}, ${demoId(`worker:${gridCodes[0]}:part`)}, $1, '和平小区1号楼3单元602', '张春梅')
     ON CONFLICT (id) DO NOTHING`,
    [gridCodes[0]],
  );
  await tx.query(
    `INSERT INTO worker_training (id, worker_id, title, held_on, hours) VALUES
       (${demoId('training:1')}, ${demoId(`worker:${gridCodes[0]}:full`)}, '矛盾纠纷调解实务培训', '2026-10-12', 3.5)
     ON CONFLICT (id) DO NOTHING`,
  );
  await tx.query(
    `INSERT INTO worker_honour (id, worker_id, title, awarded_on, awarded_by) VALUES
       (${demoId('honour:1')}, ${demoId(`worker:${gridCodes[0]}:full`)}, '岗位之星', '2026-09-30', '平城区委政法委')
     ON CONFLICT (id) DO NOTHING`,
  );

  // Police pairings: urban "1+2+N" in 和平社区第一网格, rural "1+N" in 马家小村.
  await tx.query(
    `INSERT INTO police_pairing (id, kind, grid_codes, officer_name, officer_phone, worker_ids, volunteers) VALUES
       (${demoId('pairing:urban')}, 'urban', $1, '赵警官', '13900001111',
        ARRAY[${demoId(`worker:${gridCodes[0]}:full`)}, ${demoId(`worker:${gridCodes[0]}:part`)}],
        '[{"name":"刘志愿"},{"name":"孙志愿","phone":"13700002222"}]'),
       (${demoId('pairing:rural')}, 'rural', $2, '钱警官', '13900003333',
        ARRAY[${demoId(`worker:${gridCodes[9]}:full`)}], '[{"name":"马大爷"}]')
     ON CONFLICT (id) DO NOTHING`,
    [[gridCodes[0]], gridCodes.slice(9, 12)],
  );

  return { grids: gridCodes.length, workers: n, users: DEMO_USERS.length };
}
