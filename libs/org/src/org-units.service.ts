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
  stateConflict,
} from '@gridflow/domain';
import { GridLocatorService } from './grid-locator.service.js';
import { OrgUnit } from './org-unit.entity.js';
import { isUniqueViolation } from '@gridflow/database';

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
        throw stateConflict(`Org unit ${input.code} already exists`, [{ field: 'code', problem: 'already exists' }]);
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

  async findInScope(actor: AuthUser, code: string): Promise<OrgUnit> {
    const unit = levelOf(code) ? await this.units.findOneBy({ code }) : null;
    if (!unit || !inScope(actor.scopeCode, unit.code)) throw notFound('Org unit');
    return unit;
  }
}
