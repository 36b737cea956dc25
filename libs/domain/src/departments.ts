import { levelOf } from './org-code.js';
import { ticketUnit } from './unlocated.js';
import { inScope } from './scope.js';
import type { Role } from './roles.js';

/**
 * Departments (职能部门: 城管局, 住建局, 民政局 …). A department is an org unit of its own under a
 * county or a city (DOMAIN.md, second release): 报大事 matters that climbed to the township or
 * above are handed to it, and its staff (role `department_staff`) claim and resolve them.
 *
 * A department's code is its parent's code, `D` and a 2–3 digit sequence: `140213D01` is the
 * first department of 平城区 (140213), `1402D101` one of 大同市. The code alone says where it sits.
 */
export const DEPARTMENT_CODE_PATTERN = /^(\d{4}|\d{6})D\d{2,3}$/;
/** The same rule for PostgreSQL (the CHECK of `department.code`). */
export const DEPARTMENT_CODE_SQL_PATTERN = '^([0-9]{4}|[0-9]{6})D[0-9]{2,3}$';

/** A department sits under a county or a city. */
export const DEPARTMENT_PARENT_LEVELS = ['city', 'county'] as const;

export const DEPARTMENT_NAME_MAX = 100;

/** Why a string is not a department code (for 400 answers), or null when it is one. */
export function departmentCodeProblem(code: unknown): string | null {
  if (typeof code !== 'string' || !DEPARTMENT_CODE_PATTERN.test(code)) {
    return 'must be a county (6 digits) or city (4 digits) code, D and 2–3 digits, e.g. 140213D01';
  }
  return null;
}

/** The county or city a department code sits under (its code before the `D`). */
export function departmentParentOf(code: string): string {
  return code.slice(0, code.indexOf('D'));
}

/** Why a unit cannot hold departments, or null when it can (a county or a city). */
export function departmentParentProblem(parentCode: string): string | null {
  const level = levelOf(parentCode);
  return level === 'city' || level === 'county' ? null : 'must be a county (6 digits) or a city (4 digits)';
}

/** The code of the next department under a parent, after the highest sequence in use. */
export function nextDepartmentCode(parentCode: string, existing: readonly string[]): string {
  const used = existing
    .filter((c) => departmentParentOf(c) === parentCode)
    .map((c) => Number(c.slice(parentCode.length + 1)));
  const next = used.length ? Math.max(...used) + 1 : 1;
  if (next > 999) throw new RangeError(`no department code left under ${parentCode}`);
  return `${parentCode}D${String(next).padStart(2, '0')}`;
}

/**
 * A user's department (API.md `POST/PATCH /users`): required for `department_staff`, refused for
 * every other role; the department sits at the user's scope (its parent is the scope), so every
 * prefix-scope query keeps working for department staff. Null when the triple is fine.
 */
export function userDepartmentProblem(
  role: Role,
  scopeCode: string,
  departmentCode: string | null | undefined,
): string | null {
  if (role !== 'department_staff') {
    return departmentCode ? 'only department_staff have a department' : null;
  }
  if (!departmentCode) return 'required for department_staff';
  const bad = departmentCodeProblem(departmentCode);
  if (bad) return bad;
  if (departmentParentOf(departmentCode) !== scopeCode) return "the department must sit at the user's scopeCode";
  return null;
}

/** Whether a department may take a ticket of this grid: it sits in the ticket's county or city. */
export function departmentCovers(departmentCode: string, gridCode: string): boolean {
  return inScope(departmentParentOf(departmentCode), gridCode);
}

/**
 * Who sees a ticket, ONE rule for every read and action (list, get, act, attachments, time
 * requests): its grid in the caller's scope — and, for department staff, only the tickets that
 * are with their own department. (The SQL of lists mirrors it: `visibleTicketsSql` in libs/tickets.)
 */
export function seesTicket(
  actor: { role: Role; scopeCode: string; departmentCode?: string | null },
  ticket: { gridCode: string | null; orgCode?: string | null; departmentCode?: string | null },
): boolean {
  // An unlocated ticket (no grid) is at the unit it waits at: a township's desk sees one filed at the township.
  if (!inScope(actor.scopeCode, ticketUnit(ticket))) return false;
  if (actor.role !== 'department_staff') return true;
  return !!actor.departmentCode && ticket.departmentCode === actor.departmentCode;
}

/** userDepartmentProblem in Chinese, for the console's user form; null when the triple is fine. */
export function userDepartmentProblemZh(
  role: Role,
  scopeCode: string | undefined,
  departmentCode: string | null | undefined,
): string | null {
  if (role !== 'department_staff') return departmentCode ? '只有职能部门人员可以选择职能部门' : null;
  if (!departmentCode) return '职能部门人员须选择所属职能部门';
  if (departmentCodeProblem(departmentCode)) return '职能部门编码不正确';
  if (scopeCode && departmentParentOf(departmentCode) !== scopeCode) {
    return '管辖范围须为所属职能部门所在的县（区）或市';
  }
  return null;
}
