import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, In, Repository } from 'typeorm';
import { keysetPage, type PageQuery, isUniqueViolation } from '@gridflow/database';
import {
  type AuthUser,
  defaultPartyOrgName,
  forbidden,
  type GridBoundary,
  inScope,
  invalidField,
  levelOf,
  notFound,
  orgCodeProblem,
  parentCodeOf,
  scopeLikePattern,
  alreadyExists,
  stateConflict,
  validateBoundary,
  DomainException,
  ErrorCode,
} from '@gridflow/domain';
import { GridLocatorService } from './grid-locator.service.js';
import { GridRedraw, type GridRedrawKind } from './grid-redraw.entity.js';
import { Grid, type GridStatus, type GridType, householdsInStandard } from './grid.entity.js';
import { OrgUnit } from './org-unit.entity.js';
import { Worker, WorkerGrid, type WorkerType } from './worker.entity.js';

export interface GridInput {
  code: string;
  name: string;
  type: GridType;
  households: number;
  population: number;
  boundary: unknown;
}

export type GridPatch = Partial<Omit<GridInput, 'code'>>;

const CORE_TYPES: WorkerType[] = ['full_time', 'part_time'];

@Injectable()
export class GridsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Grid) private readonly grids: Repository<Grid>,
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    private readonly locator: GridLocatorService,
  ) {}

  async create(actor: AuthUser, input: GridInput) {
    const created = await this.db.transaction((tx) => this.insertGrid(tx, actor, input));
    await this.locator.changed([created]);
    return this.get(actor, created);
  }

  async get(actor: AuthUser, code: string) {
    const grid = await this.findInScope(actor, code);
    return this.view(grid);
  }

  async list(actor: AuthUser, filter: { parentCode?: string; status?: GridStatus } & PageQuery) {
    const qb = this.grids
      .createQueryBuilder('g')
      .where('g.code LIKE :scope', { scope: scopeLikePattern(actor.scopeCode) });
    if (filter.parentCode) qb.andWhere('g.code LIKE :parent', { parent: scopeLikePattern(filter.parentCode) });
    if (filter.status) qb.andWhere('g.status = :status', { status: filter.status });
    const page = await keysetPage(qb, filter, { table: 'grid', alias: 'g', key: 'code' }, (g) => g.code);
    const names = await this.namesOf(page.items.map((g) => g.code));
    return {
      items: page.items.map((g) => ({
        code: g.code,
        name: names.get(g.code) ?? '',
        type: g.type,
        households: g.households,
        population: g.population,
        householdsInStandard: householdsInStandard(g.households),
        status: g.status,
        createdAt: g.createdAt,
      })),
      nextCursor: page.nextCursor,
    };
  }

  async update(actor: AuthUser, code: string, patch: GridPatch) {
    const grid = await this.findInScope(actor, code);
    if (grid.status === 'retired') throw stateConflict(`Grid ${code} is retired and read-only`);
    const boundary = patch.boundary === undefined ? undefined : checkedBoundary(patch.boundary);
    await this.db.transaction(async (tx) => {
      await tx.update(
        Grid,
        { code },
        {
          type: patch.type ?? grid.type,
          households: patch.households ?? grid.households,
          population: patch.population ?? grid.population,
          ...(boundary ? { boundary } : {}),
        },
      );
      if (patch.name) await tx.update(OrgUnit, { code }, { name: patch.name });
    });
    // The index also answers names and types: refresh it for any change it shows.
    if (boundary || patch.name || patch.type) await this.locator.changed([code]);
    return this.get(actor, code);
  }

  /** Retires a grid: it stays readable (and its tickets keep its code) but leaves the map. */
  async retire(actor: AuthUser, code: string, reason: string) {
    await this.findInScope(actor, code);
    await this.db.transaction(async (tx) => {
      await this.retireActive(tx, [code]);
      await this.record(tx, actor, 'retire', [code], [], reason);
    });
    await this.locator.changed([code]);
    return this.get(actor, code);
  }

  /** Splits one grid into several new ones in the same community; the old one is retired. */
  async split(actor: AuthUser, code: string, into: GridInput[], reason: string) {
    const old = await this.findInScope(actor, code);
    if (into.length < 2) throw invalidField('into', 'a split needs at least two new grids');
    for (const [i, g] of into.entries()) {
      if (parentCodeOf(g.code) !== old.communityCode && levelOf(g.code) === 'grid') {
        throw invalidField(`into.${i}.code`, `must be in the same community ${old.communityCode}`);
      }
    }
    const created = await this.db.transaction(async (tx) => {
      await this.retireActive(tx, [code]);
      const codes: string[] = [];
      for (const g of into) codes.push(await this.insertGrid(tx, actor, g));
      await this.record(tx, actor, 'split', [code], codes, reason);
      return codes;
    });
    await this.locator.changed([code, ...created]);
    return { retired: [code], created: await Promise.all(created.map((c) => this.get(actor, c))) };
  }

  /** Merges several grids of one community into a new one; the old ones are retired. */
  async merge(actor: AuthUser, fromCodes: string[], into: GridInput, reason: string) {
    const unique = [...new Set(fromCodes)];
    if (unique.length < 2) throw invalidField('fromCodes', 'a merge needs at least two distinct grids');
    const olds = await Promise.all(unique.map((c) => this.findInScope(actor, c)));
    const communities = new Set(olds.map((g) => g.communityCode));
    if (communities.size > 1) throw invalidField('fromCodes', 'grids to merge must belong to one community');
    if (parentCodeOf(into.code) !== olds[0].communityCode && levelOf(into.code) === 'grid') {
      throw invalidField('into.code', `must be in the same community ${olds[0].communityCode}`);
    }
    const created = await this.db.transaction(async (tx) => {
      await this.retireActive(tx, unique);
      const code = await this.insertGrid(tx, actor, into);
      await this.record(tx, actor, 'merge', unique, [code], reason);
      return code;
    });
    await this.locator.changed([...unique, created]);
    return { retired: unique, created: [await this.get(actor, created)] };
  }

  async history(actor: AuthUser, code: string) {
    await this.findInScope(actor, code);
    const rows = await this.db
      .getRepository(GridRedraw)
      .createQueryBuilder('r')
      .where(':code = ANY(r.from_codes) OR :code = ANY(r.to_codes)', { code })
      .orderBy('r.at', 'DESC')
      .getMany();
    return rows.map((r) => ({
      id: r.id,
      kind: r.kind,
      fromCodes: r.fromCodes,
      toCodes: r.toCodes,
      reason: r.reason,
      actorId: r.actorId,
      at: r.at,
    }));
  }

  /** The active grid containing a point, within the caller's scope; 404 otherwise. Answered from memory. */
  locate(actor: AuthUser | null, lng: number, lat: number) {
    const grid = this.locator.locate(lng, lat, actor ? (code) => inScope(actor.scopeCode, code) : undefined);
    if (!grid) {
      throw new DomainException(ErrorCode.NotFound, 'No active grid contains this location');
    }
    return grid;
  }

  /**
   * What anyone may see of an active grid (residents opening the sign board's QR code): names
   * and boundary only — no workers, phones or figures. Retired and unknown grids are 404.
   */
  async publicView(code: string) {
    const grid = levelOf(code) === 'grid' ? await this.grids.findOneBy({ code }) : null;
    if (!grid || grid.status !== 'active') throw notFound('Grid');
    const townshipCode = parentCodeOf(grid.communityCode)!;
    const names = await this.namesOf([grid.code, grid.communityCode, townshipCode]);
    return {
      code: grid.code,
      name: names.get(grid.code) ?? '',
      communityName: names.get(grid.communityCode) ?? '',
      townshipName: names.get(townshipCode) ?? '',
      status: grid.status,
      boundary: grid.boundary,
    };
  }

  async findInScope(actor: AuthUser, code: string): Promise<Grid> {
    const grid = levelOf(code) === 'grid' ? await this.grids.findOneBy({ code }) : null;
    if (!grid || !inScope(actor.scopeCode, grid.code)) throw notFound('Grid');
    return grid;
  }

  async view(grid: Grid) {
    const unit = await this.units.findOneByOrFail({ code: grid.code });
    const workers = await this.db
      .getRepository(Worker)
      .createQueryBuilder('w')
      .innerJoin(WorkerGrid, 'wg', 'wg.worker_id = w.id')
      .where('wg.grid_code = :code AND w.active', { code: grid.code })
      .select([
        'w.id AS id',
        'w.name AS name',
        'w.type AS type',
        'w.phone AS phone',
        'w.party_member AS "partyMember"',
        'wg.micro_grid_name AS "microGridName"',
      ])
      .orderBy("array_position(ARRAY['full_time','part_time','assistant','micro'], w.type)")
      .addOrderBy('w.name')
      .getRawMany<{
        id: string;
        name: string;
        type: WorkerType;
        phone: string;
        partyMember: boolean;
        microGridName: string | null;
      }>();
    return {
      code: grid.code,
      name: unit.name,
      type: grid.type,
      households: grid.households,
      population: grid.population,
      householdsInStandard: householdsInStandard(grid.households),
      boundary: grid.boundary,
      status: grid.status,
      retiredAt: grid.retiredAt,
      communityCode: grid.communityCode,
      partyOrgName: unit.partyOrgName,
      workers,
      // 网中有格、格内定人: an active grid needs at least one full-time or part-time worker.
      staffed: workers.some((w) => CORE_TYPES.includes(w.type)),
      createdAt: grid.createdAt,
      updatedAt: grid.updatedAt,
    };
  }

  private async namesOf(codes: string[]) {
    if (codes.length === 0) return new Map<string, string>();
    const units = await this.units.find({ where: { code: In(codes) }, select: { code: true, name: true } });
    return new Map(units.map((u) => [u.code, u.name]));
  }

  private async insertGrid(tx: EntityManager, actor: AuthUser, input: GridInput): Promise<string> {
    const problem = orgCodeProblem(input.code);
    if (problem) throw invalidField('code', problem);
    if (levelOf(input.code) !== 'grid') throw invalidField('code', 'a grid code has 15 digits');
    if (!inScope(actor.scopeCode, input.code)) throw forbidden(`${input.code} is outside your scope`);
    const communityCode = parentCodeOf(input.code)!;
    const community = await tx.findOneBy(OrgUnit, { code: communityCode });
    if (!community || community.level !== 'community') {
      throw invalidField('code', `parent community ${communityCode} does not exist`);
    }
    const boundary = checkedBoundary(input.boundary);
    try {
      await tx.insert(OrgUnit, {
        code: input.code,
        name: input.name,
        level: 'grid',
        parentCode: communityCode,
        partyOrgName: defaultPartyOrgName('grid', input.name),
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw alreadyExists('code', `Grid ${input.code} already exists`);
      }
      throw err;
    }
    await tx.insert(Grid, {
      code: input.code,
      communityCode,
      type: input.type,
      households: input.households,
      population: input.population,
      boundary,
      status: 'active',
    });
    return input.code;
  }

  private async retireActive(tx: EntityManager, codes: string[]) {
    // Compare-and-set: only active grids retire; a lost race or a retired grid is a 409.
    const result = await tx
      .createQueryBuilder()
      .update(Grid)
      .set({ status: 'retired', retiredAt: () => 'now()' })
      .where('code IN (:...codes) AND status = :active', { codes, active: 'active' })
      .execute();
    if (result.affected !== codes.length) throw stateConflict('Only active grids can be retired, split or merged');
  }

  private async record(
    tx: EntityManager,
    actor: AuthUser,
    kind: GridRedrawKind,
    from: string[],
    to: string[],
    reason: string,
  ) {
    await tx.insert(GridRedraw, { kind, fromCodes: from, toCodes: to, reason, actorId: actor.id });
  }
}

function checkedBoundary(input: unknown): GridBoundary {
  const result = validateBoundary(input);
  if (!result.ok) {
    throw new DomainException(
      ErrorCode.ValidationFailed,
      `Invalid boundary: ${result.problems.join('; ')}`,
      result.problems.map((problem) => ({ field: 'boundary', problem })),
    );
  }
  return result.boundary;
}
