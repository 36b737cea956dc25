import { booleanPointInPolygon } from '@turf/boolean-point-in-polygon';
import Flatbush from 'flatbush';
import { type BBox, boundaryBBox, type GridBoundary, type Position } from './boundary.js';

export type GridLocatorEntry = { code: string; boundary: GridBoundary };

type Grid = { code: string; boundary: GridBoundary; bbox: BBox };

/**
 * Finds the grid a point (a resident's request, a worker's report) falls in, among the active
 * grids held in memory. Boundaries are trusted: validate them (validateBoundary) before they get
 * here.
 *
 * A point on the boundary counts as inside, so a point on an edge or corner shared by several
 * grids is in all of them; it is given to the lowest code (string order, which for the
 * fixed-length grid codes is numeric order) so the answer never depends on load order.
 */
export class GridLocator {
  private readonly grids = new Map<string, Grid>();
  /** Rebuilt lazily: Flatbush is static, and a bulk load should cost one build, not one per grid. */
  private index: Flatbush | null = null;
  private stale = true;
  /** Sorted by code; position i is Flatbush item i, so the lowest item id is the lowest code. */
  private sorted: Grid[] = [];

  constructor(entries: Iterable<GridLocatorEntry> = []) {
    for (const { code, boundary } of entries) this.upsert(code, boundary);
  }

  get size(): number {
    return this.grids.size;
  }

  /** Adds a grid or replaces its boundary. Throws RangeError for a boundary without positions. */
  upsert(code: string, boundary: GridBoundary): void {
    // The bbox is computed now so that a bad boundary fails here, not in a later locate().
    this.grids.set(code, { code, boundary, bbox: boundaryBBox(boundary) });
    this.stale = true;
  }

  /** Removes a grid (retired or redrawn away); false if it was not there. */
  remove(code: string): boolean {
    const removed = this.grids.delete(code);
    if (removed) this.stale = true;
    return removed;
  }

  /**
   * The code of the grid containing the point, or null when it is outside every grid.
   * `accept` narrows the candidates (e.g. to the caller's scope) before the lowest code wins,
   * so a point on an edge shared with an out-of-scope neighbour still finds the in-scope grid.
   */
  locate(lng: number, lat: number, accept?: (code: string) => boolean): string | null {
    if (!Number.isFinite(lng) || !Number.isFinite(lat)) {
      throw new RangeError(`locate needs finite coordinates, got (${lng}, ${lat})`);
    }
    const index = this.currentIndex();
    if (index === null) return null;

    const point: Position = [lng, lat];
    let best = -1;
    for (const id of index.search(lng, lat, lng, lat)) {
      // Ids come in tree order, not sorted: skip the exact test when it could not win anyway.
      if (best !== -1 && id > best) continue;
      if (accept && !accept(this.sorted[id].code)) continue;
      if (booleanPointInPolygon(point, this.sorted[id].boundary)) best = id;
    }
    return best === -1 ? null : this.sorted[best].code;
  }

  private currentIndex(): Flatbush | null {
    if (!this.stale) return this.index;
    this.sorted = [...this.grids.values()].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    if (this.sorted.length === 0) {
      // Flatbush refuses an empty index.
      this.index = null;
    } else {
      const index = new Flatbush(this.sorted.length);
      for (const { bbox } of this.sorted) index.add(bbox[0], bbox[1], bbox[2], bbox[3]);
      index.finish();
      this.index = index;
    }
    this.stale = false;
    return this.index;
  }
}
