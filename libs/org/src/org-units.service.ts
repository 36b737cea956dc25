import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import {
  type AuthUser,
  defaultPartyOrgName,
  forbidden,
  inScope,
  invalidField,
  levelOf,
  notFound,
  orgCodeProblem,
  parentCodeOf,
  alreadyExists,
  scopeLikePattern,
  stateConflict,
} from '@gridflow/domain';
import { GridLocatorService } from './grid-locator.service.js';
import { OrgUnit } from './org-unit.entity.js';
import { isForeignKeyViolation, isUniqueViolation } from '@gridflow/database';

export interface CreateOrgUnitInput {
  code: string;
  name: string;
  partyOrgName?: string;
}

@Injectable()
export class OrgUnitsService {
  constructor(
    @InjectRepository(OrgUnit) private readonly units: Repository<OrgUnit>,
    private readonly locator: GridLocatorService,
  ) {}

  /** City → county → township → community; grids are created through GridsService. */
  async create(actor: AuthUser, input: CreateOrgUnitInput) {
    const problem = orgCodeProblem(input.code);
    if (problem) throw invalidField('code', problem);
    const level = levelOf(input.code)!;
    if (level === 'grid') throw invalidField('code', 'grid codes (15 digits) are created with POST /grids');
    if (!inScope(actor.scopeCode, input.code)) throw forbidden(`${input.code} is outside your scope`);
    const parentCode = parentCodeOf(input.code);
    if (parentCode && !(await this.units.existsBy({ code: parentCode }))) {
      throw invalidField('code', `parent unit ${parentCode} does not exist`);
    }
    try {
      await this.units.insert({
        code: input.code,
        name: input.name,
        level,
        parentCode,
        partyOrgName: input.partyOrgName ?? defaultPartyOrgName(level, input.name),
      });
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw alreadyExists('code', `Org unit ${input.code} already exists`);
      }
      throw err;
    }
    return this.get(actor, input.code);
  }

  async get(actor: AuthUser, code: string) {
    const unit = await this.findInScope(actor, code);
    const children = await this.units.find({
      where: { parentCode: unit.code },
      order: { code: 'ASC' },
      select: { code: true, name: true, level: true },
    });
    return {
      code: unit.code,
      name: unit.name,
      level: unit.level,
      parentCode: unit.parentCode,
      partyOrgName: unit.partyOrgName,
      children: children.map((c) => ({ code: c.code, name: c.name, level: c.level })),
    };
  }

  async update(actor: AuthUser, code: string, input: { name?: string; partyOrgName?: string }) {
    const unit = await this.findInScope(actor, code);
    await this.units.update(
      { code: unit.code },
      { name: input.name ?? unit.name, partyOrgName: input.partyOrgName ?? unit.partyOrgName },
    );
    if (unit.level === 'grid' && input.name) await this.locator.changed([unit.code]);
    return this.get(actor, code);
  }

  /**
   * Units in the caller's scope whose name contains `q` or whose code starts with it, shallowest
   * first: the console's org search finds any unit, loaded in its tree or not.
   */
  async search(actor: AuthUser, q: string, limit: number) {
    const needle = q.trim();
    if (!needle) throw invalidField('q', 'must not be blank');
    const like = needle.replace(/[\\%_]/g, (c) => `\\${c}`);
    const rows = await this.units
      .createQueryBuilder('u')
      .select(['u.code', 'u.name', 'u.level', 'u.parentCode'])
      .where('u.code LIKE :scope', { scope: scopeLikePattern(actor.scopeCode) })
      .andWhere('(u.name ILIKE :contains OR u.code LIKE :prefix)', { contains: `%${like}%`, prefix: `${like}%` })
      .orderBy('length(u.code)', 'ASC')
      .addOrderBy('u.code', 'ASC')
      .limit(limit)
      .getMany();
    return { items: rows.map((u) => ({ code: u.code, name: u.name, level: u.level, parentCode: u.parentCode })) };
  }

  /**
   * Removes a unit that holds nothing: no lower units (grids included), no user scoped at or under
   * it, nothing else referring to it. Grids are retired, never removed (their tickets keep them).
   */
  async remove(actor: AuthUser, code: string): Promise<void> {
    const unit = await this.findInScope(actor, code);
    if (unit.level === 'grid') throw stateConflict('Grids are retired (POST /grids/:code/retire), not removed');
    if (unit.code === actor.scopeCode) throw stateConflict('You cannot remove the unit your own scope is');
    const children = await this.units.countBy({ parentCode: unit.code });
    if (children > 0) {
      throw stateConflict(`Org unit ${unit.code} has ${children} lower unit(s); remove them first`, [
        { field: 'code', problem: 'has lower units', count: children },
      ]);
    }
    const [{ users }] = await this.units.query(`SELECT count(*)::int AS users FROM app_user WHERE scope_code LIKE $1`, [
      scopeLikePattern(unit.code),
    ]);
    if (users > 0) {
      throw stateConflict(`Org unit ${unit.code} is the scope of ${users} user(s)`, [
        { field: 'code', problem: 'has users', count: users },
      ]);
    }
    try {
      await this.units.delete({ code: unit.code });
    } catch (err) {
      if (isForeignKeyViolation(err)) {
        throw stateConflict(`Org unit ${unit.code} is still referred to`, [{ field: 'code', problem: 'in use' }]);
      }
      throw err;
    }
  }

  async findInScope(actor: AuthUser, code: string): Promise<OrgUnit> {
    const unit = levelOf(code) ? await this.units.findOneBy({ code }) : null;
    if (!unit || !inScope(actor.scopeCode, unit.code)) throw notFound('Org unit');
    return unit;
  }
}
