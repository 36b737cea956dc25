import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { GridLocator } from '@gridflow/domain';
import { ChangeFeed } from '@gridflow/queue';
import { Grid, type GridType } from './grid.entity.js';
import { OrgUnit } from './org-unit.entity.js';

/**
 * The in-memory spatial index of active grids behind GET /grids/locate, kept current:
 * loaded at start, updated by this instance's own changes at once, and by other
 * instances' changes through a Redis channel (each message names the changed codes,
 * which are re-read from PostgreSQL — the database stays the source of truth).
 */
@Injectable()
export class GridLocatorService implements OnModuleInit {
  private readonly logger = new Logger('GridLocator');
  private locator = new GridLocator();
  /** What a locate answer shows besides the code, so that answering needs no query. */
  private summaries = new Map<string, GridSummary>();

  constructor(
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    private readonly feed: ChangeFeed,
  ) {}

  async onModuleInit() {
    await this.feed.subscribe('grid-changes', (codes) => this.reload(codes));
    await this.loadAll();
  }

  async loadAll() {
    const started = Date.now();
    const active = await this.read({ status: 'active' });
    this.locator = new GridLocator(active);
    this.summaries = new Map(active.map((g) => [g.code, summary(g)]));
    this.logger.log(`indexed ${active.length} active grids in ${Date.now() - started} ms`);
  }

  /** The active grid containing the point, or null. */
  locate(lng: number, lat: number, accept?: (code: string) => boolean): GridSummary | null {
    const code = this.locator.locate(lng, lat, accept);
    return code ? (this.summaries.get(code) ?? null) : null;
  }

  /** Call after a committed change to these grids: updates this index and tells the others. */
  async changed(codes: string[]) {
    await this.reload(codes);
    await this.feed.publish('grid-changes', codes);
  }

  private async reload(codes: string[]) {
    const found = new Map((await this.read({ codes })).map((r) => [r.code, r]));
    for (const code of codes) {
      const row = found.get(code);
      if (row?.status === 'active') {
        this.locator.upsert(code, row.boundary);
        this.summaries.set(code, summary(row));
      } else {
        this.locator.remove(code);
        this.summaries.delete(code);
      }
    }
  }

  private read(filter: { status?: 'active'; codes?: string[] }) {
    const qb = this.grids
      .createQueryBuilder('g')
      .innerJoin(OrgUnit, 'u', 'u.code = g.code')
      .select(['g.code AS code', 'g.boundary AS boundary', 'g.status AS status', 'g.type AS type'])
      .addSelect(['g.community_code AS "communityCode"', 'u.name AS name']);
    if (filter.status) qb.where('g.status = :status', { status: filter.status });
    if (filter.codes) qb.where('g.code IN (:...codes)', { codes: filter.codes });
    return qb.getRawMany<GridRow>();
  }
}

export interface GridSummary {
  code: string;
  name: string;
  type: GridType;
  communityCode: string;
  status: 'active';
}

type GridRow = Pick<Grid, 'code' | 'boundary' | 'status' | 'type' | 'communityCode'> & { name: string };

const summary = (g: GridRow): GridSummary => ({
  code: g.code,
  name: g.name,
  type: g.type,
  communityCode: g.communityCode,
  status: 'active',
});
