import type { GridBoundary, Position } from './boundary.js';
import { generateGridTiling, mulberry32 } from './city-tiling.js';
import { GridLocator } from './grid-locator.js';

const rect = (x0: number, y0: number, x1: number, y1: number): Position[] => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];
const polygon = (...rings: Position[][]): GridBoundary => ({ type: 'Polygon', coordinates: rings });

// Two unit squares side by side sharing the edge x = 1; the right one has the lower code.
const LEFT = '140213001001002';
const RIGHT = '140213001001001';

describe('GridLocator', () => {
  const pair = () =>
    new GridLocator([
      { code: LEFT, boundary: polygon(rect(0, 0, 1, 1)) },
      { code: RIGHT, boundary: polygon(rect(1, 0, 2, 1)) },
    ]);

  it('finds the grid containing a point', () => {
    const locator = pair();
    expect(locator.size).toBe(2);
    expect(locator.locate(0.5, 0.5)).toBe(LEFT);
    expect(locator.locate(1.5, 0.25)).toBe(RIGHT);
  });

  it('answers null outside every grid', () => {
    const locator = pair();
    expect(locator.locate(2.5, 0.5)).toBeNull();
    expect(locator.locate(1, 1.0001)).toBeNull();
  });

  it('counts the boundary as inside', () => {
    expect(pair().locate(0, 0.5)).toBe(LEFT);
    expect(pair().locate(0, 0)).toBe(LEFT);
  });

  it('gives a point on a shared edge or corner to the lowest code, whatever the load order', () => {
    const reversed = new GridLocator([
      { code: RIGHT, boundary: polygon(rect(1, 0, 2, 1)) },
      { code: LEFT, boundary: polygon(rect(0, 0, 1, 1)) },
    ]);
    for (const locator of [pair(), reversed]) {
      expect(locator.locate(1, 0.5)).toBe(RIGHT);
      expect(locator.locate(1, 1)).toBe(RIGHT);
    }
    const four = new GridLocator([
      { code: '140213001001004', boundary: polygon(rect(0, 0, 1, 1)) },
      { code: '140213001001003', boundary: polygon(rect(1, 0, 2, 1)) },
      { code: '140213001001009', boundary: polygon(rect(0, 1, 1, 2)) },
      { code: '140213001001007', boundary: polygon(rect(1, 1, 2, 2)) },
    ]);
    expect(four.locate(1, 1)).toBe('140213001001003');
    expect(four.locate(0.5, 1)).toBe('140213001001004');
    expect(four.locate(1.5, 1)).toBe('140213001001003');
    expect(four.locate(1.5, 1.5)).toBe('140213001001007');
  });

  it('respects holes and multipolygons', () => {
    const locator = new GridLocator([
      // A village with a school compound cut out of it, and a detached hamlet.
      {
        code: '140213001001001',
        boundary: {
          type: 'MultiPolygon',
          coordinates: [[rect(0, 0, 3, 3), rect(1, 1, 2, 2).reverse()], [rect(5, 0, 6, 1)]],
        },
      },
      { code: '140213001001900', boundary: polygon(rect(1, 1, 2, 2)) },
    ]);
    expect(locator.locate(0.5, 0.5)).toBe('140213001001001');
    expect(locator.locate(1.5, 1.5)).toBe('140213001001900');
    expect(locator.locate(5.5, 0.5)).toBe('140213001001001');
    expect(locator.locate(4, 0.5)).toBeNull();
  });

  it('follows removals and redrawn boundaries', () => {
    const locator = pair();
    expect(locator.locate(1, 0.5)).toBe(RIGHT);
    expect(locator.remove(RIGHT)).toBe(true);
    expect(locator.remove(RIGHT)).toBe(false);
    expect(locator.size).toBe(1);
    expect(locator.locate(1, 0.5)).toBe(LEFT);
    expect(locator.locate(1.5, 0.5)).toBeNull();

    locator.upsert(LEFT, polygon(rect(0, 0, 2, 1))); // redrawn over the retired grid
    expect(locator.size).toBe(1);
    expect(locator.locate(1.5, 0.5)).toBe(LEFT);
    locator.upsert(RIGHT, polygon(rect(2, 0, 3, 1)));
    expect(locator.locate(2.5, 0.5)).toBe(RIGHT);
    expect(locator.locate(2, 0.5)).toBe(RIGHT);
  });

  it('answers null when empty, including after every grid was removed', () => {
    expect(new GridLocator().locate(113.25, 40.05)).toBeNull();
    const locator = pair();
    locator.remove(LEFT);
    locator.remove(RIGHT);
    expect(locator.size).toBe(0);
    expect(locator.locate(0.5, 0.5)).toBeNull();
  });

  it('rejects non-finite coordinates and boundaries without positions', () => {
    expect(() => pair().locate(NaN, 0)).toThrow(RangeError);
    expect(() => pair().locate(0, Infinity)).toThrow(RangeError);
    expect(() => new GridLocator().upsert(LEFT, { type: 'MultiPolygon', coordinates: [] })).toThrow(RangeError);
  });

  it('stays well under 2 ms per lookup (p95) with 5,379 grids', () => {
    const tiling = generateGridTiling({ count: 5379, seed: 7 });
    const locator = new GridLocator(tiling.map((g) => ({ code: String(g.index), boundary: g.boundary })));
    const random = mulberry32(11);
    locator.locate(113.3, 40.1); // the first call builds the index
    const times: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      const [lng, lat] = [113.25 + random() * 0.296, 40.05 + random() * 0.292];
      const start = process.hrtime.bigint();
      locator.locate(lng, lat);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    times.sort((a, b) => a - b);
    expect(times[Math.floor(times.length * 0.95)]).toBeLessThan(2);
  });
});
