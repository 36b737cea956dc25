import { LEVEL_LABEL, levelOf, ORG_LEVELS, type OrgLevel } from './org-code.js';
import { ROLE_LABEL, type Role } from './roles.js';

/**
 * Which org levels each role's scope may be (API.md "Role and scope agree"), as data in one
 * place: the users service refuses any other pair with 400, and the console offers only these
 * levels in its user form.
 *
 * 网格员 works one grid; 党员 a community or a grid; 派单员 a community or a township;
 * 督查员 a township or wider; 政法委管理员 a city or a county; 职能部门人员 the county or city
 * their department sits under.
 */
export const ROLE_SCOPE_LEVELS: Readonly<Record<Role, readonly OrgLevel[]>> = {
  grid_worker: ['grid'],
  party_member: ['community', 'grid'],
  dispatcher: ['township', 'community'],
  supervisor: ['city', 'county', 'township'],
  admin: ['city', 'county'],
  // the county or city the department sits under (libs/domain/src/departments.ts)
  department_staff: ['city', 'county'],
};

/** The levels a role's scope may be, widest first (the order of ORG_LEVELS). */
export function scopeLevelsForRole(role: Role): readonly OrgLevel[] {
  return ORG_LEVELS.filter((l) => ROLE_SCOPE_LEVELS[role].includes(l));
}

/** The deepest level a role's scope may be (how far down a scope picker needs to go). */
export function deepestScopeLevelForRole(role: Role): OrgLevel {
  const levels = scopeLevelsForRole(role);
  return levels[levels.length - 1];
}

/**
 * Why a (role, scopeCode) pair is not allowed, in English for the API's `details`, or null when
 * it is. A malformed code is a problem of its own (orgCodeProblem) and answered here too.
 */
export function roleScopeProblem(role: Role, scopeCode: string): string | null {
  const level = levelOf(scopeCode);
  if (!level) return 'must be an org code (4, 6, 9, 12 or 15 digits)';
  const allowed = scopeLevelsForRole(role);
  if (allowed.includes(level)) return null;
  return `${role} must have a scope at level ${allowed.join(' or ')}, not ${level}`;
}

/** The same rule in Chinese, for the console's form: what a role's scope must be. */
export function roleScopeRuleZh(role: Role): string {
  return `${ROLE_LABEL[role]}的管辖范围须为${scopeLevelsForRole(role)
    .map((l) => LEVEL_LABEL[l])
    .join('或')}`;
}

/** The problem of a pair in Chinese (for the console), or null when the pair is allowed. */
export function roleScopeProblemZh(role: Role, scopeCode: string): string | null {
  const level = levelOf(scopeCode);
  if (level && scopeLevelsForRole(role).includes(level)) return null;
  return level ? `${roleScopeRuleZh(role)}，不能是${LEVEL_LABEL[level]}` : `${roleScopeRuleZh(role)}`;
}
