import type { EntityManager } from 'typeorm';
import { addressPrefixes, normalizeAddress } from '@gridflow/domain';

/**
 * The demo city's address register (标准地址库): 30 standard addresses, two or three per grid,
 * each at a point inside its grid, so that requests with only an address find their grid.
 * Idempotent: an address already registered is left as it is.
 */
const STREETS: Record<string, string[]> = {
  '140213001001': ['和平街', '和平东巷', '和平北里'],
  '140213001002': ['振华南街', '振华西巷', '振华南里'],
  '140213002001': ['南关南街', '南关东巷', '南关新村'],
  '140213002002': ['马家小村', '马家小村东路', '马家小村西路'],
};

/** [grid suffix, address] per community: door plates, a building, a room. */
const ADDRESSES: [number, string][] = [
  [1, '{0}1号'],
  [1, '{0}3号2栋'],
  [1, '{1}5号'],
  [2, '{0}12号'],
  [2, '{0}12号3栋'],
  [2, '{2}8号院'],
  [3, '{0}20号'],
  [3, '{1}9号1单元'],
];

export async function seedDemoAddresses(tx: EntityManager): Promise<number> {
  const names: { name: string }[] = await tx.query(
    `SELECT name FROM org_unit WHERE level IN ('city', 'county', 'township') AND code LIKE '1402%'`,
  );
  const prefixes = addressPrefixes(names.map((n) => n.name));
  const grids: { code: string; boundary: { coordinates: number[][][] } }[] = await tx.query(
    `SELECT code, boundary FROM grid WHERE code LIKE '140213%' AND status = 'active'`,
  );
  const centre = new Map(
    grids.map((g) => {
      const ring = g.boundary.coordinates[0].slice(0, -1);
      const mean = (i: number) => ring.reduce((s, p) => s + p[i], 0) / ring.length;
      return [g.code, [Number(mean(0).toFixed(6)), Number(mean(1).toFixed(6))]];
    }),
  );
  let added = 0;
  for (const [community, streets] of Object.entries(STREETS)) {
    for (const [i, [grid, pattern]] of ADDRESSES.entries()) {
      // the village has fewer plates: the first six patterns only (8 × 3 + 6 = 30)
      if (community === '140213002002' && i >= 6) continue;
      const gridCode = `${community}${String(grid).padStart(3, '0')}`;
      const point = centre.get(gridCode);
      if (!point) continue;
      const address = pattern.replace(/\{(\d)\}/, (_, n: string) => streets[Number(n)]);
      const result: unknown[] = await tx.query(
        `INSERT INTO address (norm_key, address, grid_code, lng, lat) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (norm_key) DO NOTHING RETURNING id`,
        [normalizeAddress(address, prefixes), address, gridCode, point[0], point[1]],
      );
      added += result.length;
    }
  }
  return added;
}
