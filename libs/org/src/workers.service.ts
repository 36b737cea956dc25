import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, In, Repository } from 'typeorm';
import { keysetPage, type PageQuery, isUniqueViolation } from '@gridflow/database';
import { type AuthUser, inScope, invalidField, notFound, scopeLikePattern, stateConflict } from '@gridflow/domain';
import { Grid } from './grid.entity.js';
import {
  LiaisonHousehold,
  Worker,
  WorkerGrid,
  WorkerHonour,
  WorkerTraining,
  type WorkerType,
} from './worker.entity.js';

export interface WorkerInput {
  name: string;
  phone: string;
  type: WorkerType;
  gridCodes: string[];
  partyMember: boolean;
  userId?: string | null;
  /** required for micro workers (微网格员): the micro-grid they cover */
  microGridName?: string | null;
}

/** The grid workforce (网格队伍). Reads are scoped by the worker's grids; writes are admin. */
@Injectable()
export class WorkersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Worker) private readonly workers: Repository<Worker>,
  ) {}

  async create(actor: AuthUser, rawInput: WorkerInput) {
    const input = { ...rawInput, gridCodes: [...new Set(rawInput.gridCodes)] };
    await this.checkInput(actor, input);
    const id = await this.db
      .transaction(async (tx) => {
        const saved = await tx.save(
          tx.create(Worker, {
            name: input.name,
            phone: input.phone,
            type: input.type,
            partyMember: input.partyMember,
            userId: input.userId ?? null,
          }),
        );
        await tx.insert(
          WorkerGrid,
          input.gridCodes.map((gridCode) => ({
            workerId: saved.id,
            gridCode,
            microGridName: input.microGridName ?? null,
          })),
        );
        return saved.id;
      })
      .catch(translateUnique);
    return this.get(actor, id);
  }

  async update(actor: AuthUser, id: string, patch: Partial<WorkerInput> & { active?: boolean }) {
    const worker = await this.findInScope(actor, id);
    const current = await this.db.getRepository(WorkerGrid).findBy({ workerId: id });
    const merged: WorkerInput = {
      name: patch.name ?? worker.name,
      phone: patch.phone ?? worker.phone,
      type: patch.type ?? worker.type,
      partyMember: patch.partyMember ?? worker.partyMember,
      userId: patch.userId === undefined ? worker.userId : patch.userId,
      gridCodes: [...new Set(patch.gridCodes ?? current.map((g) => g.gridCode))],
      microGridName: patch.microGridName === undefined ? (current[0]?.microGridName ?? null) : patch.microGridName,
    };
    await this.checkInput(actor, merged, id);
    await this.db
      .transaction(async (tx) => {
        await tx.update(
          Worker,
          { id },
          {
            name: merged.name,
            phone: merged.phone,
            type: merged.type,
            partyMember: merged.partyMember,
            userId: merged.userId ?? null,
            active: patch.active ?? worker.active,
          },
        );
        await tx.delete(WorkerGrid, { workerId: id });
        await tx.insert(
          WorkerGrid,
          merged.gridCodes.map((gridCode) => ({ workerId: id, gridCode, microGridName: merged.microGridName ?? null })),
        );
      })
      .catch(translateUnique);
    return this.get(actor, id);
  }

  async list(actor: AuthUser, filter: { gridCode?: string; type?: WorkerType; partyMember?: boolean } & PageQuery) {
    const qb = this.workers
      .createQueryBuilder('w')
      .where('EXISTS (SELECT 1 FROM worker_grid s WHERE s.worker_id = w.id AND s.grid_code LIKE :scope)', {
        scope: scopeLikePattern(actor.scopeCode),
      });
    if (filter.gridCode) {
      qb.andWhere('EXISTS (SELECT 1 FROM worker_grid f WHERE f.worker_id = w.id AND f.grid_code = :grid)', {
        grid: filter.gridCode,
      });
    }
    if (filter.type) qb.andWhere('w.type = :type', { type: filter.type });
    if (filter.partyMember !== undefined) qb.andWhere('w.party_member = :pm', { pm: filter.partyMember });
    const page = await keysetPage(qb, filter, { table: 'worker', alias: 'w', key: 'id' }, (w) => w.id);
    const grids = await this.gridsOf(page.items.map((w) => w.id));
    return {
      items: page.items.map((w) => ({ ...summary(w), grids: grids.get(w.id) ?? [] })),
      nextCursor: page.nextCursor,
    };
  }

  async get(actor: AuthUser, id: string) {
    const worker = await this.findInScope(actor, id);
    const [grids, trainings, honours, households] = await Promise.all([
      this.gridsOf([id]),
      this.db.getRepository(WorkerTraining).find({ where: { workerId: id }, order: { heldOn: 'DESC' } }),
      this.db.getRepository(WorkerHonour).find({ where: { workerId: id }, order: { awardedOn: 'DESC' } }),
      this.db.getRepository(LiaisonHousehold).find({ where: { workerId: id }, order: { createdAt: 'ASC' } }),
    ]);
    return {
      ...summary(worker),
      userId: worker.userId,
      grids: grids.get(id) ?? [],
      trainings: trainings.map(({ id: tid, title, heldOn, hours }) => ({ id: tid, title, heldOn, hours })),
      honours: honours.map(({ id: hid, title, awardedOn, awardedBy }) => ({ id: hid, title, awardedOn, awardedBy })),
      liaisonHouseholds: households.map(({ id: lid, gridCode, address, householder }) => ({
        id: lid,
        gridCode,
        address,
        householder,
      })),
    };
  }

  async addTraining(actor: AuthUser, id: string, input: { title: string; heldOn: string; hours: number }) {
    await this.findInScope(actor, id);
    await this.db.getRepository(WorkerTraining).insert({ workerId: id, ...input });
    return this.get(actor, id);
  }

  async addHonour(actor: AuthUser, id: string, input: { title: string; awardedOn: string; awardedBy?: string | null }) {
    await this.findInScope(actor, id);
    await this.db.getRepository(WorkerHonour).insert({ workerId: id, ...input, awardedBy: input.awardedBy ?? null });
    return this.get(actor, id);
  }

  /** 党员联系户: a party member looks after these households. */
  async addLiaisonHousehold(
    actor: AuthUser,
    id: string,
    input: { gridCode: string; address: string; householder?: string | null },
  ) {
    const worker = await this.findInScope(actor, id);
    if (!worker.partyMember) throw stateConflict('Only party members (党员) have liaison households');
    await this.assertActiveGridsInScope(actor, [input.gridCode], 'gridCode');
    await this.db
      .getRepository(LiaisonHousehold)
      .insert({ workerId: id, ...input, householder: input.householder ?? null });
    return this.get(actor, id);
  }

  async findInScope(actor: AuthUser, id: string): Promise<Worker> {
    const worker = await this.workers
      .createQueryBuilder('w')
      .where('w.id = :id', { id })
      .andWhere('EXISTS (SELECT 1 FROM worker_grid s WHERE s.worker_id = w.id AND s.grid_code LIKE :scope)', {
        scope: scopeLikePattern(actor.scopeCode),
      })
      .getOne();
    if (!worker) throw notFound('Worker');
    return worker;
  }

  private async checkInput(actor: AuthUser, input: WorkerInput, selfId?: string) {
    if (input.type === 'micro' && !input.microGridName) {
      throw invalidField('microGridName', 'a micro-grid worker (微网格员) needs the name of their micro-grid');
    }
    if (input.type !== 'micro' && input.microGridName) {
      throw invalidField('microGridName', 'only micro-grid workers have a micro-grid');
    }
    await this.assertActiveGridsInScope(actor, input.gridCodes, 'gridCodes');
    if (input.userId) {
      const [user] = await this.db.query('SELECT id, scope_code FROM app_user WHERE id = $1', [input.userId]);
      if (!user || !inScope(actor.scopeCode, user.scope_code))
        throw invalidField('userId', 'no such user in your scope');
      const [linked] = await this.db.query('SELECT id FROM worker WHERE user_id = $1 AND id IS DISTINCT FROM $2', [
        input.userId,
        selfId ?? null,
      ]);
      if (linked)
        throw stateConflict('That user account is already linked to another worker', [
          { field: 'userId', problem: 'already linked' },
        ]);
    }
  }

  private async assertActiveGridsInScope(actor: AuthUser, codes: string[], field: string) {
    const unique = [...new Set(codes)];
    const found = await this.db.getRepository(Grid).findBy({ code: In(unique), status: 'active' });
    const ok = new Set(found.filter((g) => inScope(actor.scopeCode, g.code)).map((g) => g.code));
    const missing = unique.filter((c) => !ok.has(c));
    if (missing.length) throw invalidField(field, `no active grid ${missing.join(', ')} in your scope`);
  }

  private async gridsOf(ids: string[]) {
    const out = new Map<string, { gridCode: string; microGridName: string | null }[]>();
    if (ids.length === 0) return out;
    const rows = await this.db
      .getRepository(WorkerGrid)
      .find({ where: { workerId: In(ids) }, order: { gridCode: 'ASC' } });
    for (const r of rows)
      out.set(r.workerId, [...(out.get(r.workerId) ?? []), { gridCode: r.gridCode, microGridName: r.microGridName }]);
    return out;
  }
}

function summary(w: Worker) {
  return {
    id: w.id,
    name: w.name,
    phone: w.phone,
    type: w.type,
    partyMember: w.partyMember,
    active: w.active,
    createdAt: w.createdAt,
  };
}

function translateUnique(err: unknown): never {
  if (isUniqueViolation(err)) {
    throw stateConflict('That user account is already linked to another worker', [
      { field: 'userId', problem: 'already linked' },
    ]);
  }
  throw err;
}
