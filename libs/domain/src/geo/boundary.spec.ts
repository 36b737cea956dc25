import { boundaryAreaSquareMetres, boundaryBBox, type GridBoundary, validateBoundary } from './boundary.js';

/** A small square near Datong, counter-clockwise, closed. */
const square = (x: number, y: number, size = 0.004) => [
  [x, y],
  [x + size, y],
  [x + size, y + size],
  [x, y + size],
  [x, y],
];

function problemsOf(input: unknown): string[] {
  const result = validateBoundary(input);
  if (result.ok) throw new Error('expected the boundary to be rejected');
  return result.problems;
}

describe('validateBoundary', () => {
  it('accepts a simple polygon and returns an equal copy', () => {
    const input = { type: 'Polygon', coordinates: [square(113.25, 40.05)] };
    const result = validateBoundary(input);
    expect(result).toEqual({ ok: true, boundary: input });
    if (result.ok) expect(result.boundary.coordinates).not.toBe(input.coordinates);
  });

  it('accepts a polygon with a hole', () => {
    const input = { type: 'Polygon', coordinates: [square(113.25, 40.05), square(113.251, 40.051, 0.001).reverse()] };
    expect(validateBoundary(input).ok).toBe(true);
  });

  it('accepts a multipolygon', () => {
    const input = {
      type: 'MultiPolygon',
      coordinates: [[square(113.25, 40.05)], [square(113.26, 40.05), square(113.261, 40.051, 0.001)]],
    };
    expect(validateBoundary(input)).toEqual({ ok: true, boundary: input });
  });

  it('drops elevations and repeated consecutive positions', () => {
    const input = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0, 1050],
          [1, 0, 1051],
          [1, 0, 1051],
          [1, 1, 1052],
          [0, 1, 1053],
          [0, 0, 1050],
        ],
      ],
    };
    expect(validateBoundary(input)).toEqual({
      ok: true,
      boundary: { type: 'Polygon', coordinates: [square(0, 0, 1)] },
    });
  });

  it('rejects an unclosed ring, naming the ring and the polygon', () => {
    const ring = square(113.25, 40.05)
      .slice(0, 4)
      .concat([[113.2501, 40.05]]);
    expect(problemsOf({ type: 'Polygon', coordinates: [ring] })).toEqual([
      'ring 0 is not closed (first and last positions differ)',
    ]);
    expect(
      problemsOf({ type: 'MultiPolygon', coordinates: [[square(113.25, 40.05)], [square(113.26, 40.05), ring]] }),
    ).toEqual(['ring 1 of polygon 1 is not closed (first and last positions differ)']);
  });

  it('rejects a ring with too few positions', () => {
    const problems = problemsOf({
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [1, 0],
          [0, 0],
        ],
      ],
    });
    expect(problems).toEqual([expect.stringMatching(/^ring 0 has 3 positions; a ring needs at least 4/)]);
  });

  it('rejects a longitude of 181 and a latitude of -91', () => {
    const ring = square(113.25, 40.05);
    ring[1] = [181, 40.05];
    ring[2] = [113.254, -91];
    expect(problemsOf({ type: 'Polygon', coordinates: [ring] })).toEqual([
      'position 1 of ring 0 has longitude 181, outside [-180, 180]',
      'position 2 of ring 0 has latitude -91, outside [-90, 90]',
    ]);
  });

  it('rejects a bow-tie and says where it crosses itself', () => {
    const bowTie = [
      [0, 0],
      [2, 2],
      [2, 0],
      [0, 2],
      [0, 0],
    ];
    expect(problemsOf({ type: 'Polygon', coordinates: [bowTie] })).toEqual(['the polygon intersects itself at [1, 1]']);
    expect(problemsOf({ type: 'MultiPolygon', coordinates: [[square(5, 5)], [bowTie]] })).toEqual([
      'polygon 1 intersects itself at [1, 1]',
    ]);
  });

  it('rejects a hole crossing its outer ring, and a hole outside it', () => {
    const crossing = { type: 'Polygon', coordinates: [square(0, 0, 1), square(0.5, 0.5, 1)] };
    expect(problemsOf(crossing)).toEqual([expect.stringMatching(/^the polygon intersects itself at \[/)]);
    const outside = { type: 'Polygon', coordinates: [square(0, 0, 1), square(2, 2, 1)] };
    expect(problemsOf(outside)).toEqual(['ring 1 is a hole that lies outside the outer ring (ring 0)']);
  });

  it('rejects a ring that encloses no area', () => {
    const flat = [
      [0, 0],
      [1, 1],
      [2, 2],
      [0, 0],
    ];
    expect(problemsOf({ type: 'Polygon', coordinates: [flat] })).toEqual([
      'ring 0 encloses no area (its positions are collinear)',
    ]);
    // Collinear at Datong's coordinates, where floating-point rounding leaves a tiny area.
    const sliver = [0, 1, 3, 0].map((k) => [113.25 + k * 0.0011, 40.05 + k * 0.0037]);
    expect(problemsOf({ type: 'Polygon', coordinates: [sliver] })).toEqual([
      'ring 0 encloses no area (its positions are collinear)',
    ]);
  });

  it('rejects other geometry types and non-objects, saying what is expected', () => {
    const feature = { type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [square(0, 0)] } };
    expect(problemsOf(feature)).toEqual([
      `boundary must be a GeoJSON Polygon or MultiPolygon, got type "Feature" (send the feature's geometry instead)`,
    ]);
    expect(problemsOf({ type: 'Point', coordinates: [113.25, 40.05] })).toEqual([
      'boundary must be a GeoJSON Polygon or MultiPolygon, got type "Point"',
    ]);
    for (const notAnObject of [null, undefined, 'Polygon', 42, [square(0, 0)]]) {
      expect(problemsOf(notAnObject)).toEqual([
        'boundary must be a GeoJSON geometry object of type Polygon or MultiPolygon',
      ]);
    }
  });

  it('rejects non-numeric and non-finite positions', () => {
    const ring: unknown[] = square(113.25, 40.05);
    ring[1] = ['113.254', 40.05];
    ring[2] = [113.254, NaN];
    ring[3] = 113.25;
    expect(problemsOf({ type: 'Polygon', coordinates: [ring] })).toEqual([
      'position 1 of ring 0 must hold finite numbers [longitude, latitude], got ["113.254", 40.05]',
      'position 2 of ring 0 must hold finite numbers [longitude, latitude], got [113.254, NaN]',
      'position 3 of ring 0 must be an array [longitude, latitude]',
    ]);
  });

  it('rejects malformed coordinate structures', () => {
    expect(problemsOf({ type: 'Polygon' })).toEqual(['the polygon must be an array of rings']);
    expect(problemsOf({ type: 'Polygon', coordinates: [] })).toEqual([
      'the polygon has no rings (an outer ring is required)',
    ]);
    expect(problemsOf({ type: 'Polygon', coordinates: [{}] })).toEqual(['ring 0 must be an array of positions']);
    expect(problemsOf({ type: 'MultiPolygon', coordinates: {} })).toEqual([
      'coordinates of a MultiPolygon must be an array of polygons',
    ]);
    expect(problemsOf({ type: 'MultiPolygon', coordinates: [] })).toEqual([
      'a MultiPolygon needs at least one polygon',
    ]);
    const ringsAsPositions = problemsOf({ type: 'MultiPolygon', coordinates: [square(0, 0)] });
    expect(ringsAsPositions[0]).toBe('position 0 of ring 0 of polygon 0 must be an array [longitude, latitude]');
  });

  it('caps the number of problems it lists', () => {
    const ring = Array.from({ length: 100 }, () => [200, 0]);
    const problems = problemsOf({ type: 'Polygon', coordinates: [ring] });
    expect(problems).toHaveLength(21);
    expect(problems[20]).toBe('… and 80 more problems');
  });
});

describe('boundaryBBox and boundaryAreaSquareMetres', () => {
  const multi: GridBoundary = {
    type: 'MultiPolygon',
    coordinates: [
      [
        [
          [113.25, 40.05],
          [113.254, 40.05],
          [113.254, 40.054],
          [113.25, 40.05],
        ],
      ],
      [
        [
          [113.26, 40.04],
          [113.262, 40.04],
          [113.262, 40.042],
          [113.26, 40.04],
        ],
      ],
    ],
  };

  it('spans every polygon', () => {
    expect(boundaryBBox(multi)).toEqual([113.25, 40.04, 113.262, 40.054]);
  });

  it('gives the geodesic area in square metres, holes subtracted', () => {
    // 0.004° square at 40°N ≈ 341 m × 445 m.
    const plain: GridBoundary = { type: 'Polygon', coordinates: [square(113.25, 40.05)] as [number, number][][] };
    expect(boundaryAreaSquareMetres(plain)).toBeGreaterThan(150_000);
    expect(boundaryAreaSquareMetres(plain)).toBeLessThan(154_000);
    const holed: GridBoundary = {
      type: 'Polygon',
      coordinates: [square(113.25, 40.05), square(113.251, 40.051, 0.002)] as [number, number][][],
    };
    expect(boundaryAreaSquareMetres(holed) / boundaryAreaSquareMetres(plain)).toBeCloseTo(0.75, 3);
  });
});
