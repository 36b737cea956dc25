import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import fc from 'fast-check';
import { boundaryBBox, type Position, validateBoundary } from './boundary.js';
import { generateGridTiling, mulberry32, tilingCells, type TiledGrid } from './city-tiling.js';
import { GridLocator } from './grid-locator.js';

const ringOf = (g: TiledGrid) => g.boundary.coordinates[0];

const centroid = (ring: Position[]): Position => {
  const corners = ring.slice(0, -1);
  return [
    corners.reduce((s, p) => s + p[0], 0) / corners.length,
    corners.reduce((s, p) => s + p[1], 0) / corners.length,
  ];
};

/** Planar (degree-space) signed area, positive for a counter-clockwise ring. Taken relative to
 * the first corner: products of raw longitudes (≈113) would drown the small cells in rounding. */
const signedArea = (ring: Position[]) => {
  const [ox, oy] = ring[0];
  const p = ring.map(([x, y]) => [x - ox, y - oy]);
  return p.slice(0, -1).reduce((s, [x0, y0], i) => s + (x0 * p[i + 1][1] - p[i + 1][0] * y0), 0) / 2;
};

/** Every corner turns left: the quadrilateral is strictly convex and counter-clockwise. */
const isStrictlyConvex = (ring: Position[]) =>
  [0, 1, 2, 3].every((i) => {
    const [a, b, c] = [ring[i], ring[(i + 1) % 4], ring[(i + 2) % 4]];
    return (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]) > 0;
  });

const tilingBBox = (tiling: TiledGrid[]) =>
  tiling
    .map((g) => boundaryBBox(g.boundary))
    .reduce((a, b) => [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])]);

const locatorOf = (tiling: TiledGrid[]) =>
  // Zero-padded so that string order is index order.
  new GridLocator(tiling.map((g) => ({ code: String(g.index).padStart(4, '0'), boundary: g.boundary })));

describe('tilingCells', () => {
  it('picks a near-square lattice with at most one partial row', () => {
    expect(tilingCells(0)).toEqual([0, 0]);
    expect(tilingCells(1)).toEqual([1, 1]);
    expect(tilingCells(30)).toEqual([6, 5]);
    expect(tilingCells(5379)).toEqual([74, 73]);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100_000 }), (count) => {
        const [cols, rows] = tilingCells(count);
        return cols * rows >= count && cols * (rows - 1) < count && cols - rows <= 1 && cols >= rows;
      }),
    );
  });

  it('rejects a negative or fractional count', () => {
    expect(() => tilingCells(-1)).toThrow(RangeError);
    expect(() => tilingCells(2.5)).toThrow(RangeError);
  });
});

describe('generateGridTiling', () => {
  const tiling = generateGridTiling({ count: 30, seed: 42 });

  it('produces the requested number of grids, row-major from the origin', () => {
    expect(tiling).toHaveLength(30);
    expect(tiling.map((g) => g.index)).toEqual([...Array(30).keys()]);
    expect(ringOf(tiling[0])[0]).toEqual([113.25, 40.05]);
    // 6 columns: index 1 is east of index 0, index 6 is north of it.
    const [c0, c1, c6] = [0, 1, 6].map((i) => centroid(ringOf(tiling[i])));
    expect(c1[0]).toBeGreaterThan(c0[0]);
    expect(c6[1]).toBeGreaterThan(c0[1]);
    expect(generateGridTiling({ count: 5379 })).toHaveLength(5379);
    expect(generateGridTiling({ count: 0 })).toEqual([]);
  });

  it('is deterministic for a seed and varies between seeds', () => {
    expect(generateGridTiling({ count: 30, seed: 42 })).toEqual(tiling);
    expect(generateGridTiling({ count: 30, seed: 43 })).not.toEqual(tiling);
  });

  it('makes grids that pass validateBoundary unchanged, strictly convex and counter-clockwise', () => {
    for (const grid of tiling) {
      expect(validateBoundary(grid.boundary)).toEqual({ ok: true, boundary: grid.boundary });
      expect(isStrictlyConvex(ringOf(grid))).toBe(true);
    }
  });

  it('shares vertices between neighbours exactly', () => {
    // Cell 7 (row 1, col 1): its south-west corner is cell 0's north-east corner.
    expect(ringOf(tiling[7])[0]).toEqual(ringOf(tiling[0])[2]);
    expect(ringOf(tiling[7])[1]).toEqual(ringOf(tiling[1])[2]);
  });

  it('locates each grid centroid to that grid and no other', () => {
    const locator = locatorOf(tiling);
    for (const grid of tiling) {
      const [lng, lat] = centroid(ringOf(grid));
      expect(locator.locate(lng, lat)).toBe(String(grid.index).padStart(4, '0'));
      const containing = tiling.filter((g) => booleanPointInPolygon([lng, lat], g.boundary));
      expect(containing.map((g) => g.index)).toEqual([grid.index]);
    }
  });

  it('covers its rectangle exactly: cell areas add up to the outline when the lattice is full', () => {
    const [minX, minY, maxX, maxY] = tilingBBox(tiling);
    const sum = tiling.reduce((s, g) => s + signedArea(ringOf(g)), 0);
    expect(sum / ((maxX - minX) * (maxY - minY))).toBeCloseTo(1, 9);
  });

  it('never puts a point strictly inside two grids, and leaves no gaps (property)', () => {
    const [minX, minY, maxX, maxY] = tilingBBox(tiling);
    const locator = locatorOf(tiling);
    fc.assert(
      fc.property(
        fc.double({ min: minX, max: maxX, noNaN: true }),
        fc.double({ min: minY, max: maxY, noNaN: true }),
        (lng, lat) => {
          const strictlyInside = tiling.filter((g) =>
            booleanPointInPolygon([lng, lat], g.boundary, { ignoreBoundary: true }),
          );
          // 6 × 5 fills its lattice, so the outline is the rectangle: every point is in some grid.
          return strictlyInside.length <= 1 && locator.locate(lng, lat) !== null;
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('stays valid for any seed and jitter up to the maximum (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.integer(),
        fc.double({ min: 0, max: 0.3, noNaN: true }),
        (count, seed, jitter) => {
          const grids = generateGridTiling({ count, seed, jitter });
          return (
            grids.length === count && grids.every((g) => validateBoundary(g.boundary).ok && isStrictlyConvex(ringOf(g)))
          );
        },
      ),
      { numRuns: 200 },
    );
  });

  it('has no gaps or overlaps inside a large partial-row tiling either', () => {
    const large = generateGridTiling({ count: 5379, seed: 3, jitter: 0.3 });
    const locator = locatorOf(large);
    const random = mulberry32(5);
    for (let n = 0; n < 2000; n++) {
      const grid = large[Math.floor(random() * large.length)];
      const ring = ringOf(grid);
      // A random point of the cell (a convex combination of its corners) must be located to it.
      const w = [random(), random(), random(), random()];
      const total = w.reduce((a, b) => a + b, 0);
      const lng = ring.slice(0, 4).reduce((s, p, i) => s + (p[0] * w[i]) / total, 0);
      const lat = ring.slice(0, 4).reduce((s, p, i) => s + (p[1] * w[i]) / total, 0);
      const located = locator.locate(lng, lat);
      // On a shared edge the lower code wins, which is a neighbour with a smaller index.
      if (located !== String(grid.index).padStart(4, '0')) {
        expect(Number(located)).toBeLessThan(grid.index);
        expect(booleanPointInPolygon([lng, lat], grid.boundary, { ignoreBoundary: true })).toBe(false);
      }
    }
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateGridTiling({ count: 4, jitter: 0.31 })).toThrow(RangeError);
    expect(() => generateGridTiling({ count: 4, jitter: -0.1 })).toThrow(RangeError);
    expect(() => generateGridTiling({ count: 4, cellDegrees: 0 })).toThrow(RangeError);
    expect(() => generateGridTiling({ count: 4, origin: [179.999, 0] })).toThrow(RangeError);
    expect(() => generateGridTiling({ count: -1 })).toThrow(RangeError);
  });
});
