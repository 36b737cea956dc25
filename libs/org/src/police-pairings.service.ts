import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { keysetPage, type PageQuery } from '@gridflow/database';
import { type AuthUser, inScope, invalidField, scopeLikePattern } from '@gridflow/domain';
import { Grid } from './grid.entity.js';
import { PolicePairing, type PairingKind } from './police-pairing.entity.js';
import { Worker, WorkerGrid } from './worker.entity.js';

export interface PairingInput {
  kind: PairingKind;
  gridCodes: string[];
  officer: { name: string; phone: string };
  workerIds: string[];
  volunteers: { name: string; phone?: string }[];
}

/**
 * Police–grid pairings (警网组合): urban "1+2+N" — one community police officer, exactly two
 * grid workers and N volunteers; rural "1+N" — one officer and N ≥ 1 others.
 */
@Injectable()
export class PolicePairingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(PolicePairing) private readonly pairings: Repository<PolicePairing>,
  ) {}

  async create(actor: AuthUser, input: PairingInput) {
    const gridCodes = [...new Set(input.gridCodes)];
    const workerIds = [...new Set(input.workerIds)];
    if (input.kind === 'urban' && workerIds.length !== 2) {
      throw invalidField('workerIds', 'an urban pairing ("1+2+N") has exactly two grid workers');
    }
    if (input.kind === 'rural' && workerIds.length + input.volunteers.length < 1) {
      throw invalidField('workerIds', 'a rural pairing ("1+N") needs at least one grid worker or volunteer');
    }
    const grids = await this.db.getRepository(Grid).findBy({ code: In(gridCodes), status: 'active' });
    const okGrids = grids.filter((g) => inScope(actor.scopeCode, g.code));
    if (okGrids.length !== gridCodes.length)
      throw invalidField('gridCodes', 'every grid must be active and in your scope');
    if (workerIds.length) {
      const assigned = await this.db
        .getRepository(WorkerGrid)
        .createQueryBuilder('wg')
        .innerJoin(Worker, 'w', 'w.id = wg.worker_id AND w.active')
        .where('wg.worker_id IN (:...ids) AND wg.grid_code IN (:...grids)', { ids: workerIds, grids: gridCodes })
        .select('DISTINCT wg.worker_id', 'id')
        .getRawMany<{ id: string }>();
      if (assigned.length !== workerIds.length) {
        throw invalidField('workerIds', 'every worker must be an active worker of one of the paired grids');
      }
    }
    const saved = await this.pairings.save(
      this.pairings.create({
        kind: input.kind,
        gridCodes,
        officerName: input.officer.name,
        officerPhone: input.officer.phone,
        workerIds,
        volunteers: input.volunteers,
      }),
    );
    return view(saved);
  }

  async list(actor: AuthUser, filter: { gridCode?: string } & PageQuery) {
    const qb = this.pairings
      .createQueryBuilder('p')
      .where('EXISTS (SELECT 1 FROM unnest(p.grid_codes) g WHERE g LIKE :scope)', {
        scope: scopeLikePattern(actor.scopeCode),
      });
    if (filter.gridCode) qb.andWhere(':grid = ANY(p.grid_codes)', { grid: filter.gridCode });
    const page = await keysetPage(qb, filter, { table: 'police_pairing', alias: 'p', key: 'id' }, (p) => p.id);
    return { items: page.items.map(view), nextCursor: page.nextCursor };
  }

  /** The pairing covering a grid (the newest, if several), for the sign board. */
  async forGrid(gridCode: string) {
    const row = await this.pairings
      .createQueryBuilder('p')
      .where(':grid = ANY(p.grid_codes)', { grid: gridCode })
      .orderBy('p.created_at', 'DESC')
      .getOne();
    return row ? view(row) : null;
  }
}

function view(p: PolicePairing) {
  return {
    id: p.id,
    kind: p.kind,
    label: p.kind === 'urban' ? `1+2+${p.volunteers.length}` : `1+${p.workerIds.length + p.volunteers.length}`,
    gridCodes: p.gridCodes,
    officer: { name: p.officerName, phone: p.officerPhone },
    workerIds: p.workerIds,
    volunteers: p.volunteers,
    createdAt: p.createdAt,
  };
}
