/**
 * Grid boundaries (网格边界): GeoJSON Polygon or MultiPolygon geometries in WGS-84, positions
 * [longitude, latitude]. A boundary comes from a map-drawing tool or an import file, so it is
 * checked here before it is stored or used for locating points.
 */
import { area } from '@turf/area';
import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import { kinks } from '@turf/kinks';

export type Position = [number, number];
export type PolygonGeometry = { type: 'Polygon'; coordinates: Position[][] };
export type MultiPolygonGeometry = { type: 'MultiPolygon'; coordinates: Position[][][] };
export type GridBoundary = PolygonGeometry | MultiPolygonGeometry;
/** [minLng, minLat, maxLng, maxLat] */
export type BBox = [number, number, number, number];

export type BoundaryValidation = { ok: true; boundary: GridBoundary } | { ok: false; problems: string[] };

/** A broken import file could otherwise produce one sentence per position. */
const MAX_PROBLEMS = 20;

class Problems {
  readonly list: string[] = [];
  private dropped = 0;

  add(problem: string): void {
    if (this.list.length < MAX_PROBLEMS) this.list.push(problem);
    else this.dropped++;
  }

  get any(): boolean {
    return this.list.length > 0;
  }

  result(): string[] {
    return this.dropped === 0 ? this.list : [...this.list, `… and ${this.dropped} more problems`];
  }
}

/** Where a polygon sits in the input, for messages: "the polygon" or "polygon 1". */
type PolygonPlace = { polygon: string; ringSuffix: string };

/**
 * Checks an untrusted boundary and returns a normalised copy: 2D positions only (elevation
 * dropped) and consecutive repeated positions removed (drawing tools emit them on double
 * clicks, and they would otherwise show up as false self-intersections).
 *
 * Not checked: ring orientation (RFC 7946 tells parsers to accept either winding) and overlap
 * between the parts of a MultiPolygon.
 */
export function validateBoundary(input: unknown): BoundaryValidation {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return { ok: false, problems: ['boundary must be a GeoJSON geometry object of type Polygon or MultiPolygon'] };
  }
  const { type, coordinates } = input as { type?: unknown; coordinates?: unknown };
  if (type !== 'Polygon' && type !== 'MultiPolygon') {
    const hint = type === 'Feature' ? " (send the feature's geometry instead)" : '';
    return {
      ok: false,
      problems: [`boundary must be a GeoJSON Polygon or MultiPolygon, got type ${describe(type)}${hint}`],
    };
  }

  const problems = new Problems();
  if (type === 'Polygon') {
    const rings = readPolygon(coordinates, { polygon: 'the polygon', ringSuffix: '' }, problems);
    return rings && !problems.any
      ? { ok: true, boundary: { type, coordinates: rings } }
      : { ok: false, problems: problems.result() };
  }

  if (!Array.isArray(coordinates)) {
    return { ok: false, problems: ['coordinates of a MultiPolygon must be an array of polygons'] };
  }
  if (coordinates.length === 0) {
    return { ok: false, problems: ['a MultiPolygon needs at least one polygon'] };
  }
  const polygons = coordinates.map((p, i) =>
    readPolygon(p, { polygon: `polygon ${i}`, ringSuffix: ` of polygon ${i}` }, problems),
  );
  return problems.any
    ? { ok: false, problems: problems.result() }
    : { ok: true, boundary: { type, coordinates: polygons as Position[][][] } };
}

function readPolygon(value: unknown, place: PolygonPlace, problems: Problems): Position[][] | null {
  if (!Array.isArray(value)) {
    problems.add(`${place.polygon} must be an array of rings`);
    return null;
  }
  if (value.length === 0) {
    problems.add(`${place.polygon} has no rings (an outer ring is required)`);
    return null;
  }
  const rings = value.map((r, i) => readRing(r, `ring ${i}${place.ringSuffix}`, problems));
  if (rings.some((r) => r === null)) return null;
  const polygon = rings as Position[][];

  // The topology checks below only make sense once every ring is well-formed.
  const crossings = kinks({ type: 'Polygon', coordinates: polygon });
  if (crossings.features.length > 0) {
    const [lng, lat] = crossings.features[0].geometry.coordinates;
    problems.add(`${place.polygon} intersects itself at [${round7(lng)}, ${round7(lat)}]`);
    return null;
  }

  // After the crossing check, since a symmetric bow-tie also has a signed area of zero.
  let degenerate = false;
  polygon.forEach((ring, i) => {
    if (isDegenerate(ring)) {
      problems.add(`ring ${i}${place.ringSuffix} encloses no area (its positions are collinear)`);
      degenerate = true;
    }
  });
  if (degenerate) return null;

  // With no crossings a hole is wholly inside or wholly outside the outer ring: one vertex decides.
  const outer = { type: 'Polygon' as const, coordinates: [polygon[0]] };
  for (let i = 1; i < polygon.length; i++) {
    if (!booleanPointInPolygon(polygon[i][0], outer, { ignoreBoundary: true })) {
      problems.add(`ring ${i}${place.ringSuffix} is a hole that lies outside the outer ring (ring 0)`);
    }
  }
  return polygon;
}

function readRing(value: unknown, ring: string, problems: Problems): Position[] | null {
  if (!Array.isArray(value)) {
    problems.add(`${ring} must be an array of positions`);
    return null;
  }
  const positions: Position[] = [];
  let valid = true;
  value.forEach((p: unknown, i) => {
    const position = readPosition(p, `position ${i} of ${ring}`, problems);
    if (position === null) valid = false;
    else if (valid) {
      const last = positions[positions.length - 1];
      if (!last || last[0] !== position[0] || last[1] !== position[1]) positions.push(position);
    }
  });
  if (!valid) return null;

  const first = positions[0];
  const last = positions[positions.length - 1];
  if (positions.length < 4) {
    const repeats = value.length > positions.length ? ' once repeated positions are removed' : '';
    problems.add(
      `${ring} has ${positions.length} positions${repeats}; a ring needs at least 4 (3 corners and the first repeated at the end)`,
    );
    valid = false;
  }
  if (first && (first[0] !== last[0] || first[1] !== last[1])) {
    problems.add(`${ring} is not closed (first and last positions differ)`);
    valid = false;
  }
  return valid ? positions : null;
}

function readPosition(value: unknown, where: string, problems: Problems): Position | null {
  if (!Array.isArray(value) || value.length < 2) {
    problems.add(`${where} must be an array [longitude, latitude]`);
    return null;
  }
  const [lng, lat] = value as unknown[];
  if (typeof lng !== 'number' || typeof lat !== 'number' || !Number.isFinite(lng) || !Number.isFinite(lat)) {
    problems.add(`${where} must hold finite numbers [longitude, latitude], got [${describe(lng)}, ${describe(lat)}]`);
    return null;
  }
  let ok = true;
  if (lng < -180 || lng > 180) {
    problems.add(`${where} has longitude ${lng}, outside [-180, 180]`);
    ok = false;
  }
  if (lat < -90 || lat > 90) {
    problems.add(`${where} has latitude ${lat}, outside [-90, 90]`);
    ok = false;
  }
  return ok ? [lng, lat] : null;
}

/** Compares twice the planar (degree-space) area with the ring's extent, so collinear rings are
 * caught even when rounding leaves a tiny non-zero area. Coordinates are taken relative to the
 * first position: products of raw longitudes (≈113) would swamp a small grid's area in rounding. */
function isDegenerate(ring: Position[]): boolean {
  const [ox, oy] = ring[0];
  let twiceArea = 0;
  let [minX, minY, maxX, maxY] = [0, 0, 0, 0];
  for (let i = 0; i < ring.length - 1; i++) {
    const [x0, y0] = [ring[i][0] - ox, ring[i][1] - oy];
    const [x1, y1] = [ring[i + 1][0] - ox, ring[i + 1][1] - oy];
    twiceArea += x0 * y1 - x1 * y0;
    minX = Math.min(minX, x0);
    minY = Math.min(minY, y0);
    maxX = Math.max(maxX, x0);
    maxY = Math.max(maxY, y0);
  }
  const extent = maxX - minX + (maxY - minY);
  return extent === 0 || Math.abs(twiceArea) <= extent * extent * 1e-9;
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 30 ? `${value.slice(0, 30)}…` : value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function round7(n: number): number {
  return Math.round(n * 1e7) / 1e7;
}

/** Bounding box over every ring (holes included, so it is right even for an unchecked boundary). */
export function boundaryBBox(b: GridBoundary): BBox {
  const polygons = b.type === 'Polygon' ? [b.coordinates] : b.coordinates;
  let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const polygon of polygons) {
    for (const ring of polygon) {
      for (const [x, y] of ring) {
        if (x < minX) minX = x;
        if (y < minY) minY = y;
        if (x > maxX) maxX = x;
        if (y > maxY) maxY = y;
      }
    }
  }
  if (minX === Infinity) throw new RangeError('boundary has no positions');
  return [minX, minY, maxX, maxY];
}

/** Geodesic area in m² (holes subtracted). */
export function boundaryAreaSquareMetres(b: GridBoundary): number {
  return area(b);
}
