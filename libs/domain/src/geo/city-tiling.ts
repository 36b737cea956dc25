/**
 * Synthetic grid boundaries for demo data, tests and benchmarks: a city-sized patch of
 * quadrilaterals that tile the plane without gaps or overlaps, irregular enough to look drawn.
 */
import type { PolygonGeometry, Position } from './boundary.js';

export type GridTilingOptions = {
  count: number;
  /** South-west corner of the tiling, [lng, lat]. Default: Datong (大同). */
  origin?: Position;
  /** Side of an undisturbed cell in degrees. Default 0.004 (≈ 340 m × 445 m at Datong's latitude). */
  cellDegrees?: number;
  seed?: number;
  /** How far an interior lattice vertex may move, as a fraction of a cell, 0..0.3. Default 0.25. */
  jitter?: number;
};

export type TiledGrid = { index: number; boundary: PolygonGeometry };

export const DEFAULT_TILING_ORIGIN: Position = [113.25, 40.05];
export const DEFAULT_CELL_DEGREES = 0.004;
export const DEFAULT_TILING_JITTER = 0.25;
export const MAX_TILING_JITTER = 0.3;

/** A tiny seeded PRNG (mulberry32): the same seed gives the same tiling on every machine. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** [cols, rows] of the near-square lattice holding `count` cells; the last row may be partial. */
export function tilingCells(count: number): [number, number] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be an integer >= 0, got ${count}`);
  if (count === 0) return [0, 0];
  const cols = Math.ceil(Math.sqrt(count));
  return [cols, Math.ceil(count / cols)];
}

/**
 * `count` quadrilateral grids, row-major from the south-west corner (index = row × cols + col),
 * each ring counter-clockwise and closed.
 *
 * Why the cells never overlap: neighbours are built from the same lattice vertices, so they
 * share edges exactly. Each interior vertex moves by at most r = jitter ≤ 0.3 of a cell (in a
 * disc), so an edge vector deviates from its axis by at most asin(2r) ≤ 36.9°. Hence every
 * corner turns left by 90° ± 73.8° (each cell stays strictly convex) and the four edges at a
 * vertex keep their east/north/west/south order, so cells cannot fold over one another.
 * Vertices on the outer boundary stay put, keeping the outline a rectangle (plus a step when
 * the last row is partial).
 */
export function generateGridTiling(options: GridTilingOptions): TiledGrid[] {
  const {
    count,
    origin = DEFAULT_TILING_ORIGIN,
    cellDegrees = DEFAULT_CELL_DEGREES,
    seed = 1,
    jitter = DEFAULT_TILING_JITTER,
  } = options;
  const [cols, rows] = tilingCells(count);
  if (!(jitter >= 0 && jitter <= MAX_TILING_JITTER)) {
    throw new RangeError(`jitter must be between 0 and ${MAX_TILING_JITTER} of a cell, got ${jitter}`);
  }
  // Below ~1 m the 7-decimal rounding of positions would be a visible share of a cell.
  if (!(cellDegrees >= 1e-5)) throw new RangeError(`cellDegrees must be at least 1e-5, got ${cellDegrees}`);
  const [lng0, lat0] = origin;
  const [lng1, lat1] = [lng0 + cols * cellDegrees, lat0 + rows * cellDegrees];
  if (!(lng0 >= -180 && lng1 <= 180 && lat0 >= -90 && lat1 <= 90)) {
    throw new RangeError(`the tiling [${lng0}, ${lat0}, ${lng1}, ${lat1}] does not fit in WGS-84 ranges`);
  }

  const random = mulberry32(seed);
  const vertexAt: Position[][] = []; // [row][col], rows + 1 by cols + 1
  for (let j = 0; j <= rows; j++) {
    const row: Position[] = [];
    for (let i = 0; i <= cols; i++) {
      let x = lng0 + i * cellDegrees;
      let y = lat0 + j * cellDegrees;
      if (i > 0 && i < cols && j > 0 && j < rows) {
        // Uniform in a disc: the bound on edge directions above is a radius, not a square.
        const angle = random() * 2 * Math.PI;
        const radius = jitter * cellDegrees * Math.sqrt(random());
        x += radius * Math.cos(angle);
        y += radius * Math.sin(angle);
      }
      row.push([round7(x), round7(y)]);
    }
    vertexAt.push(row);
  }

  const grids: TiledGrid[] = [];
  for (let index = 0; index < count; index++) {
    const [i, j] = [index % cols, Math.floor(index / cols)];
    const corners = [vertexAt[j][i], vertexAt[j][i + 1], vertexAt[j + 1][i + 1], vertexAt[j + 1][i], vertexAt[j][i]];
    // Copies, so that a caller editing one grid's positions cannot move its neighbours.
    grids.push({ index, boundary: { type: 'Polygon', coordinates: [corners.map(([x, y]): Position => [x, y])] } });
  }
  return grids;
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}
