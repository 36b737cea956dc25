import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUniqueViolation } from '@gridflow/database';
import {
  alreadyExists,
  type AuthUser,
  departmentCodeProblem,
  departmentParentOf,
  departmentParentProblem,
  inScope,
  invalidField,
  nextDepartmentCode,
  notFound,
} from '@gridflow/domain';

/** A department (职能部门) as the API shows it. */
export interface DepartmentView {
  code: string;
  parentCode: string;
  name: string;
  disabled: boolean;
  createdAt: Date;
}

interface DepartmentRow {
  code: string;
  parent_code: string;
  name: string;
  created_at: Date;
  disabled_at: Date | null;
}

const view = (r: DepartmentRow): DepartmentView => ({
  code: r.code,
  parentCode: r.parent_code,
  name: r.name,
  disabled: r.disabled_at !== null,
  createdAt: r.created_at,
});

/**
 * Who sees a department: staff whose scope is at or under its county/city (a township desk
 * hands matters to its county's departments), and staff above it (a city admin sees the
 * counties' ones). Managing it takes an admin whose scope covers its parent.
 */
export function seesDepartment(actor: Pick<AuthUser, 'scopeCode'>, departmentCode: string): boolean {
  const parent = departmentParentOf(departmentCode);
  return inScope(parent, actor.scopeCode) || inScope(actor.scopeCode, parent);
}

/** Departments (职能部门): units of their own under a county or a city, with their own staff. */
@Injectable()
export class DepartmentsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The departments the caller sees (seesDepartment), of one county/city when asked, by code. */
  async list(actor: AuthUser, filter: { parentCode?: string; includeDisabled?: boolean }) {
    const rows: DepartmentRow[] = await this.db.query(
      `SELECT * FROM department
       WHERE ($1::text LIKE parent_code || '%' OR parent_code LIKE $1::text || '%')
         AND ($2::text IS NULL OR parent_code = $2::text)
         AND ($3::boolean OR disabled_at IS NULL)
       ORDER BY parent_code, code`,
      [actor.scopeCode, filter.parentCode ?? null, filter.includeDisabled ?? false],
    );
    return { items: rows.map(view), nextCursor: null };
  }

  async get(actor: AuthUser, code: string): Promise<DepartmentView> {
    const row = await this.find(this.db.manager, code);
    if (!row || !seesDepartment(actor, code)) throw notFound('Department');
    return view(row);
  }

  /** An admin of the county/city (or above) creates one; the code is the next free one when absent. */
  async create(actor: AuthUser, input: { parentCode: string; name: string; code?: string }) {
    const parentProblem = departmentParentProblem(input.parentCode);
    if (parentProblem) throw invalidField('parentCode', parentProblem);
    const [parent] = await this.db.query(`SELECT 1 FROM org_unit WHERE code = $1`, [input.parentCode]);
    if (!parent || !inScope(actor.scopeCode, input.parentCode)) {
      throw invalidField('parentCode', 'must be an existing county or city in your scope');
    }
    if (input.code !== undefined) {
      const problem = departmentCodeProblem(input.code);
      if (problem) throw invalidField('code', problem);
      if (departmentParentOf(input.code) !== input.parentCode) {
        throw invalidField('code', `must start with its parentCode ${input.parentCode} followed by D`);
      }
    }
    const name = input.name.trim();
    if (!name) throw invalidField('name', 'must not be empty');
    return this.db.transaction(async (tx) => {
      // One creation per parent at a time: the next code is counted from what exists.
      await tx.query(`SELECT 1 FROM org_unit WHERE code = $1 FOR UPDATE`, [input.parentCode]);
      const [taken] = await tx.query(`SELECT code FROM department WHERE parent_code = $1 AND name = $2`, [
        input.parentCode,
        name,
      ]);
      if (taken) throw alreadyExists('name', `A department named ${name} exists under ${input.parentCode}`);
      let code = input.code;
      if (code === undefined) {
        const existing: { code: string }[] = await tx.query(`SELECT code FROM department WHERE parent_code = $1`, [
          input.parentCode,
        ]);
        code = nextDepartmentCode(
          input.parentCode,
          existing.map((r) => r.code),
        );
      }
      try {
        const [row]: DepartmentRow[] = await tx.query(
          `INSERT INTO department (code, parent_code, name) VALUES ($1, $2, $3) RETURNING *`,
          [code, input.parentCode, name],
        );
        return view(row);
      } catch (err) {
        if (isUniqueViolation(err)) throw alreadyExists('code', `Department ${code} already exists`);
        throw err;
      }
    });
  }

  /** Rename, disable (no new dispatches; its open tickets stay with it) or enable again. */
  async update(actor: AuthUser, code: string, input: { name?: string; disabled?: boolean }) {
    const row = await this.find(this.db.manager, code);
    if (!row || !seesDepartment(actor, code)) throw notFound('Department');
    if (!inScope(actor.scopeCode, row.parent_code)) throw notFound('Department');
    const name = input.name?.trim();
    if (input.name !== undefined && !name) throw invalidField('name', 'must not be empty');
    try {
      const [[updated]]: [DepartmentRow[]] = await this.db.query(
        `UPDATE department SET name = coalesce($2, name),
           disabled_at = CASE WHEN $3::boolean IS NULL THEN disabled_at
                              WHEN $3::boolean THEN coalesce(disabled_at, now()) ELSE NULL END
         WHERE code = $1 RETURNING *`,
        [code, name ?? null, input.disabled ?? null],
      );
      return view(updated);
    } catch (err) {
      if (isUniqueViolation(err))
        throw alreadyExists('name', `A department named ${name} exists under ${row.parent_code}`);
      throw err;
    }
  }

  /** The department row (for the tickets and users services), or null. */
  async find(tx: Pick<EntityManager, 'query'>, code: string): Promise<DepartmentRow | null> {
    if (departmentCodeProblem(code)) return null;
    const [row]: DepartmentRow[] = await tx.query(`SELECT * FROM department WHERE code = $1`, [code]);
    return row ?? null;
  }

  /** Names of departments by code (ticket views). */
  async names(codes: (string | null)[]): Promise<Map<string, string>> {
    const unique = [...new Set(codes.filter((c): c is string => !!c))];
    if (unique.length === 0) return new Map();
    const rows: { code: string; name: string }[] = await this.db.query(
      `SELECT code, name FROM department WHERE code = ANY($1::text[])`,
      [unique],
    );
    return new Map(rows.map((r) => [r.code, r.name]));
  }
}
