import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import { keysetPage, type PageQuery, isUniqueViolation } from '@gridflow/database';
import {
  alreadyExists,
  type AuthUser,
  DomainException,
  ErrorCode,
  inScope,
  type Role,
  roleScopeProblem,
  scopeLikePattern,
  userDepartmentProblem,
} from '@gridflow/domain';
import { hashPassword } from './password.js';
import { UserCache } from './user-cache.service.js';
import { toUserView, User } from './user.entity.js';

export interface CreateUserInput {
  username: string;
  password: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  phone?: string | null;
  /** department_staff: their department (职能部门), under scopeCode */
  departmentCode?: string | null;
}

export interface UpdateUserInput {
  displayName?: string;
  role?: Role;
  scopeCode?: string;
  departmentCode?: string | null;
  phone?: string | null;
  disabled?: boolean;
}

/** User accounts, managed by admins within their own scope. */
@Injectable()
export class UsersService {
  constructor(
    @InjectRepository(User) private readonly users: Repository<User>,
    private readonly cache: UserCache,
  ) {}

  async create(actor: AuthUser, input: CreateUserInput) {
    assertRoleFitsScope(input.role, input.scopeCode);
    await this.assertScopeAssignable(actor, input.scopeCode);
    await this.assertDepartment(input.role, input.scopeCode, input.departmentCode);
    try {
      const user = await this.users.save(
        this.users.create({
          username: input.username,
          passwordHash: await hashPassword(input.password),
          displayName: input.displayName,
          role: input.role,
          scopeCode: input.scopeCode,
          departmentCode: input.departmentCode ?? null,
          phone: input.phone ?? null,
        }),
      );
      return toUserView(user);
    } catch (err) {
      if (isUniqueViolation(err)) {
        throw alreadyExists('username', `Username "${input.username}" is taken`);
      }
      throw err;
    }
  }

  async list(actor: AuthUser, filter: { role?: Role; scopeCode?: string } & PageQuery) {
    const qb = this.users
      .createQueryBuilder('u')
      .where('u.scope_code LIKE :scope', { scope: scopeLikePattern(actor.scopeCode) });
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.scopeCode) qb.andWhere('u.scope_code LIKE :sub', { sub: scopeLikePattern(filter.scopeCode) });
    const page = await keysetPage(qb, filter, { table: 'app_user', alias: 'u', key: 'id' }, (u) => u.id);
    return { items: page.items.map(toUserView), nextCursor: page.nextCursor };
  }

  async get(actor: AuthUser, id: string) {
    return toUserView(await this.findInScope(actor, id));
  }

  async update(actor: AuthUser, id: string, input: UpdateUserInput) {
    const user = await this.findInScope(actor, id);
    if (id === actor.id && (input.disabled || (input.role && input.role !== 'admin'))) {
      throw new DomainException(ErrorCode.StateConflict, 'Admins cannot disable or demote themselves');
    }
    // A change of role or of scope alone is checked against the pair it leaves behind.
    if (input.role !== undefined || input.scopeCode !== undefined) {
      assertRoleFitsScope(input.role ?? user.role, input.scopeCode ?? user.scopeCode);
    }
    if (input.scopeCode !== undefined) await this.assertScopeAssignable(actor, input.scopeCode);
    const role = input.role ?? user.role;
    // Leaving department_staff leaves the department behind; staying keeps it unless a new one is named.
    const departmentCode =
      input.departmentCode !== undefined
        ? input.departmentCode
        : role === 'department_staff'
          ? user.departmentCode
          : null;
    if (input.role !== undefined || input.scopeCode !== undefined || input.departmentCode !== undefined) {
      await this.assertDepartment(role, input.scopeCode ?? user.scopeCode, departmentCode);
    }
    const revokes =
      departmentCode !== user.departmentCode ||
      (input.role !== undefined && input.role !== user.role) ||
      (input.scopeCode !== undefined && input.scopeCode !== user.scopeCode) ||
      (input.disabled !== undefined && input.disabled !== (user.disabledAt !== null));
    Object.assign(user, {
      displayName: input.displayName ?? user.displayName,
      role: input.role ?? user.role,
      scopeCode: input.scopeCode ?? user.scopeCode,
      departmentCode,
      phone: input.phone === undefined ? user.phone : input.phone,
      disabledAt: input.disabled === undefined ? user.disabledAt : input.disabled ? new Date() : null,
      // A changed role, scope or status takes effect at once: older tokens stop working.
      tokenVersion: revokes ? user.tokenVersion + 1 : user.tokenVersion,
    });
    const saved = await this.users.save(user);
    await this.cache.changed(id);
    return toUserView(saved);
  }

  async resetPassword(actor: AuthUser, id: string, password: string) {
    const user = await this.findInScope(actor, id);
    await this.users.update(
      { id: user.id },
      { passwordHash: await hashPassword(password), tokenVersion: user.tokenVersion + 1 },
    );
    await this.cache.changed(id);
    return toUserView(await this.findInScope(actor, id));
  }

  private async findInScope(actor: AuthUser, id: string): Promise<User> {
    const user = await this.users.findOneBy({ id });
    if (!user || !inScope(actor.scopeCode, user.scopeCode)) {
      throw new DomainException(ErrorCode.NotFound, 'User not found');
    }
    return user;
  }

  /**
   * department_staff carry an enabled department that sits at their scope (libs/domain
   * userDepartmentProblem); no other role has one. 400 VALIDATION_FAILED otherwise.
   */
  private async assertDepartment(role: Role, scopeCode: string, departmentCode: string | null | undefined) {
    const problem = userDepartmentProblem(role, scopeCode, departmentCode);
    if (problem) {
      throw new DomainException(ErrorCode.ValidationFailed, `departmentCode: ${problem}`, [
        { field: 'departmentCode', problem },
      ]);
    }
    if (!departmentCode) return;
    const [department] = await this.users.query(
      'SELECT disabled_at IS NOT NULL AS disabled FROM department WHERE code = $1',
      [departmentCode],
    );
    if (!department || department.disabled) {
      throw new DomainException(ErrorCode.ValidationFailed, `No enabled department ${departmentCode}`, [
        { field: 'departmentCode', problem: 'must be an existing, enabled department' },
      ]);
    }
  }

  /** A user's scope must be an existing unit inside the admin's own scope. */
  private async assertScopeAssignable(actor: AuthUser, scopeCode: string) {
    const [unit] = await this.users.query('SELECT 1 FROM org_unit WHERE code = $1', [scopeCode]);
    if (!unit || !inScope(actor.scopeCode, scopeCode)) {
      throw new DomainException(ErrorCode.ValidationFailed, `No org unit ${scopeCode} in your scope`, [
        { field: 'scopeCode', problem: 'must be an existing org unit in your scope' },
      ]);
    }
  }
}

/** API.md "Role and scope agree": the rule is libs/domain's ROLE_SCOPE_LEVELS. */
function assertRoleFitsScope(role: Role, scopeCode: string) {
  const problem = roleScopeProblem(role, scopeCode);
  if (problem) {
    throw new DomainException(ErrorCode.ValidationFailed, `scopeCode ${scopeCode} does not fit role ${role}`, [
      { field: 'scopeCode', problem },
    ]);
  }
}
