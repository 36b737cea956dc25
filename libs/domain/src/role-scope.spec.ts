import { CODE_LENGTH, ORG_LEVELS, type OrgLevel } from './org-code.js';
import { ROLES, type Role } from './roles.js';
import { roleScopeProblem, roleScopeProblemZh, roleScopeRuleZh, scopeLevelsForRole } from './role-scope.js';

const code = (level: OrgLevel) => '1402130010010010'.slice(0, CODE_LENGTH[level]);

/** API.md "Role and scope agree", written out pair by pair. */
const ALLOWED: Record<Role, OrgLevel[]> = {
  grid_worker: ['grid'],
  party_member: ['community', 'grid'],
  dispatcher: ['township', 'community'],
  supervisor: ['city', 'county', 'township'],
  admin: ['city', 'county'],
  department_staff: ['city', 'county'],
};

describe('role and scope', () => {
  it.each(ROLES.flatMap((r) => ORG_LEVELS.map((l) => [r, l] as const)))('%s at a %s', (role, level) => {
    const ok = ALLOWED[role].includes(level);
    expect(roleScopeProblem(role, code(level)) === null).toBe(ok);
    expect(roleScopeProblemZh(role, code(level)) === null).toBe(ok);
    expect(scopeLevelsForRole(role).includes(level)).toBe(ok);
  });

  it('names the allowed levels, widest first, in English and Chinese', () => {
    expect(scopeLevelsForRole('supervisor')).toEqual(['city', 'county', 'township']);
    expect(roleScopeProblem('admin', code('township'))).toBe(
      'admin must have a scope at level city or county, not township',
    );
    expect(roleScopeRuleZh('dispatcher')).toBe('村社派单员的管辖范围须为乡镇（街道）或村（社区）');
    expect(roleScopeProblemZh('grid_worker', code('community'))).toBe('网格员的管辖范围须为网格，不能是村（社区）');
  });

  it('department staff sit at the county or city of their department', () => {
    expect(roleScopeRuleZh('department_staff')).toBe('职能部门人员的管辖范围须为市或县（区）');
    expect(roleScopeProblem('department_staff', code('township'))).toBe(
      'department_staff must have a scope at level city or county, not township',
    );
  });

  it('answers a malformed code with a problem, never a throw', () => {
    for (const bad of ['', '12ab', '1'.repeat(1_000_000)]) {
      expect(roleScopeProblem('admin', bad)).toEqual(expect.any(String));
      expect(roleScopeProblemZh('admin', bad)).toEqual(expect.any(String));
    }
  });
});
