import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { hashPassword } from '@gridflow/auth';
import { defaultPartyOrgName, generateGridTiling } from '@gridflow/domain';

/**
 * A city at Datong's scale (DOMAIN.md "Scale"), for benchmarks: 5,379 grids with
 * non-overlapping polygons, 2,435 full-time and 3,328 part-time grid workers, 7,278
 * assistants, 30,000 micro-grid workers, 396 urban "1+2+N" and 1,426 rural "1+N" police
 * pairings. Deterministic apart from ids.
 */
export const CITY_SCALE = {
  grids: 5_379,
  fullTime: 2_435,
  partTime: 3_328,
  assistants: 7_278,
  micro: 30_000,
  urbanPairings: 396,
  ruralPairings: 1_426,
  counties: 10,
  townshipsPerCounty: 10,
  communitiesPerTownship: 20,
} as const;

export type Progress = (step: string, done: number, total: number) => void;

const BATCH = 5_000;
const SURNAMES = '王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧';
const GIVEN = [
  '建国',
  '秀英',
  '海燕',
  '志强',
  '丽娟',
  '国华',
  '晓明',
  '春梅',
  '文军',
  '玉兰',
  '红霞',
  '永刚',
  '桂英',
  '德明',
];

export async function seedCityScale(tx: EntityManager, progress: Progress = () => undefined) {
  const S = CITY_SCALE;
  const city = '1402';
  // Counties 1-4 are urban districts (community grids), 5-10 rural counties (village grids).
  const counties = Array.from({ length: S.counties }, (_, i) => `${city}${String(i + 1).padStart(2, '0')}`);
  const townships = counties.flatMap((c) =>
    Array.from({ length: S.townshipsPerCounty }, (_, i) => `${c}${String(i + 1).padStart(3, '0')}`),
  );
  const communities = townships.flatMap((t) =>
    Array.from({ length: S.communitiesPerTownship }, (_, i) => `${t}${String(i + 1).padStart(3, '0')}`),
  );
  // Grids spread evenly over the communities (2-3 each), in map order.
  const grids = Array.from({ length: S.grids }, (_, i) => {
    const community = communities[Math.floor((i * communities.length) / S.grids)];
    return { community, index: i };
  });
  const seqInCommunity = new Map<string, number>();
  const gridCodes = grids.map((g) => {
    const n = (seqInCommunity.get(g.community) ?? 0) + 1;
    seqInCommunity.set(g.community, n);
    return `${g.community}${String(n).padStart(3, '0')}`;
  });
  const isUrban = (code: string) => Number(code.slice(4, 6)) <= 4;

  const units: [string, string, string, string | null][] = [
    [city, '大同市', 'city', null],
    ...counties.map((c, i) => [c, `第${i + 1}县区`, 'county', city] as [string, string, string, string]),
    ...townships.map((t) => [t, `${t.slice(6)}号乡镇`, 'township', t.slice(0, 6)] as [string, string, string, string]),
    ...communities.map(
      (c) => [c, `${c.slice(9)}号村社`, 'community', c.slice(0, 9)] as [string, string, string, string],
    ),
    ...gridCodes.map(
      (g) =>
        [g, `${g.slice(9, 12)}村社第${Number(g.slice(12))}网格`, 'grid', g.slice(0, 12)] as [
          string,
          string,
          string,
          string,
        ],
    ),
  ];
  for (let i = 0; i < units.length; i += BATCH) {
    const b = units.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO org_unit (code, name, level, parent_code, party_org_name)
       SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[])`,
      [
        b.map((u) => u[0]),
        b.map((u) => u[1]),
        b.map((u) => u[2]),
        b.map((u) => u[3]),
        b.map((u) => defaultPartyOrgName(u[2] as never, u[1])),
      ],
    );
    progress('org units', Math.min(i + BATCH, units.length), units.length);
  }

  const tiles = generateGridTiling({ count: S.grids, origin: [112.9, 39.8], seed: 1402 });
  for (let i = 0; i < gridCodes.length; i += BATCH) {
    const codes = gridCodes.slice(i, i + BATCH);
    const households = codes.map((_, k) => 280 + (((i + k) * 37) % 260));
    await tx.query(
      `INSERT INTO grid (code, community_code, type, households, population, boundary)
       SELECT c, left(c, 12), t, h, p, b::jsonb FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[]) AS x(c, t, h, p, b)`,
      [
        codes,
        codes.map((c) => (isUrban(c) ? 'community' : 'village')),
        households,
        households.map((h) => Math.round(h * 2.8)),
        codes.map((_, k) => JSON.stringify(tiles[i + k].boundary)),
      ],
    );
    progress('grids', Math.min(i + BATCH, gridCodes.length), gridCodes.length);
  }

  // Workers: full-time first, then part-time, so every grid gets a core worker (网中有格、格内定人).
  type W = { id: string; type: string; grid: string; micro: string | null };
  const workers: W[] = [];
  const add = (type: string, count: number, gridOf: (k: number) => string, micro?: (k: number) => string) => {
    for (let k = 0; k < count; k++)
      workers.push({ id: randomUUID(), type, grid: gridOf(k), micro: micro ? micro(k) : null });
  };
  add('full_time', S.fullTime, (k) => gridCodes[k]);
  add('part_time', S.partTime, (k) => gridCodes[(S.fullTime + k) % gridCodes.length]);
  add('assistant', S.assistants, (k) => gridCodes[(k * 7) % gridCodes.length]);
  add(
    'micro',
    S.micro,
    (k) => gridCodes[k % gridCodes.length],
    (k) => `${Math.floor(k / gridCodes.length) + 1}号楼`,
  );
  for (let i = 0; i < workers.length; i += BATCH) {
    const b = workers.slice(i, i + BATCH);
    await tx.query(
      `INSERT INTO worker (id, name, phone, type, party_member)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::bool[])`,
      [
        b.map((w) => w.id),
        b.map((_, k) => SURNAMES[(i + k) % SURNAMES.length] + GIVEN[((i + k) * 7) % GIVEN.length]),
        b.map((_, k) => `13${String(100_000_000 + (i + k) * 7_919).slice(-9)}`),
        b.map((w) => w.type),
        b.map((_, k) => (i + k) % 10 < 3),
      ],
    );
    await tx.query(
      `INSERT INTO worker_grid (worker_id, grid_code, micro_grid_name)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[])`,
      [b.map((w) => w.id), b.map((w) => w.grid), b.map((w) => w.micro)],
    );
    progress('workers', Math.min(i + BATCH, workers.length), workers.length);
  }

  // Pairings: urban "1+2+N" on community grids, rural "1+N" on village grids.
  const coreByGrid = new Map<string, string[]>();
  for (const w of workers) {
    if (w.type === 'micro') continue;
    coreByGrid.set(w.grid, [...(coreByGrid.get(w.grid) ?? []), w.id]);
  }
  const urbanGrids = gridCodes.filter((g) => isUrban(g) && (coreByGrid.get(g)?.length ?? 0) >= 2);
  const ruralGrids = gridCodes.filter((g) => !isUrban(g));
  const pairings = [
    ...urbanGrids.slice(0, S.urbanPairings).map((g, k) => ({
      kind: 'urban',
      grid: g,
      workers: coreByGrid.get(g)!.slice(0, 2),
      volunteers: Array.from({ length: k % 4 }, (_, v) => ({ name: `志愿者${v + 1}` })),
    })),
    ...ruralGrids.slice(0, S.ruralPairings).map((g) => ({
      kind: 'rural',
      grid: g,
      workers: coreByGrid.get(g)!.slice(0, 2),
      volunteers: [{ name: '村民志愿者' }],
    })),
  ];
  if (pairings.length !== S.urbanPairings + S.ruralPairings) {
    throw new Error(`only ${pairings.length} pairings could be formed`);
  }
  await tx.query(
    `INSERT INTO police_pairing (kind, grid_codes, officer_name, officer_phone, worker_ids, volunteers)
     SELECT k, ARRAY[g], o, p, string_to_array(w, ',')::uuid[], v::jsonb
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[]) AS x(k, g, o, p, w, v)`,
    [
      pairings.map((p) => p.kind),
      pairings.map((p) => p.grid),
      pairings.map((_, k) => `${SURNAMES[k % SURNAMES.length]}警官`),
      pairings.map((_, k) => `139${String(10_000_000 + k).slice(-8)}`),
      pairings.map((p) => p.workers.join(',')),
      pairings.map((p) => JSON.stringify(p.volunteers)),
    ],
  );
  progress('police pairings', pairings.length, pairings.length);

  // One admin login for benchmarks against this database (never a production database).
  await tx.query(
    `INSERT INTO app_user (username, password_hash, display_name, role, scope_code)
     VALUES ('admin', $1, '市级管理员', 'admin', $2)`,
    [await hashPassword('gridflow-demo'), city],
  );

  const counts = workers.reduce<Record<string, number>>((acc, w) => ({ ...acc, [w.type]: (acc[w.type] ?? 0) + 1 }), {});
  return { units: units.length, grids: gridCodes.length, workers: counts, pairings: pairings.length };
}
