import {
  departmentCodeProblem,
  departmentCovers,
  departmentParentOf,
  departmentParentProblem,
  nextDepartmentCode,
  seesTicket,
  userDepartmentProblem,
  userDepartmentProblemZh,
} from './departments.js';

describe('departments (职能部门)', () => {
  it('a code is a county or city code, D and 2–3 digits', () => {
    for (const ok of ['140213D01', '140213D999', '1402D01']) expect(departmentCodeProblem(ok)).toBeNull();
    for (const bad of ['140213', '140213D1', '140213D0001', '14021D01', '140213001D01', 'D01', '', 42, null]) {
      expect(departmentCodeProblem(bad)).toEqual(expect.any(String));
    }
    expect(departmentParentOf('140213D07')).toBe('140213');
    expect(departmentParentOf('1402D101')).toBe('1402');
  });

  it('sits under a county or a city only', () => {
    expect(departmentParentProblem('140213')).toBeNull();
    expect(departmentParentProblem('1402')).toBeNull();
    expect(departmentParentProblem('140213001')).toEqual(expect.any(String));
  });

  it('numbers the next department after the highest in use under the same parent', () => {
    expect(nextDepartmentCode('140213', [])).toBe('140213D01');
    expect(nextDepartmentCode('140213', ['140213D01', '140213D07', '140214D09'])).toBe('140213D08');
    expect(nextDepartmentCode('1402', ['1402D99'])).toBe('1402D100');
  });

  it('staff carry a department at their scope; nobody else does', () => {
    expect(userDepartmentProblem('department_staff', '140213', '140213D01')).toBeNull();
    expect(userDepartmentProblem('department_staff', '140213', null)).toBe('required for department_staff');
    expect(userDepartmentProblem('department_staff', '1402', '140213D01')).toEqual(expect.any(String));
    expect(userDepartmentProblem('department_staff', '140213', 'x')).toEqual(expect.any(String));
    expect(userDepartmentProblem('party_member', '140213001001', '140213D01')).toEqual(expect.any(String));
    expect(userDepartmentProblem('party_member', '140213001001', null)).toBeNull();
    expect(userDepartmentProblemZh('department_staff', '140213', undefined)).toBe('职能部门人员须选择所属职能部门');
    expect(userDepartmentProblemZh('department_staff', '140213', '140213D01')).toBeNull();
  });

  it('takes tickets of its county or city; its staff see only its tickets', () => {
    expect(departmentCovers('140213D01', '140213001001001')).toBe(true);
    expect(departmentCovers('140213D01', '140214001001001')).toBe(false);
    expect(departmentCovers('1402D01', '140214001001001')).toBe(true);
    const staff = { role: 'department_staff' as const, scopeCode: '140213', departmentCode: '140213D01' };
    const grid = '140213001001001';
    expect(seesTicket(staff, { gridCode: grid, departmentCode: '140213D01' })).toBe(true);
    expect(seesTicket(staff, { gridCode: grid, departmentCode: '140213D02' })).toBe(false);
    expect(seesTicket(staff, { gridCode: grid, departmentCode: null })).toBe(false);
    expect(seesTicket({ ...staff, departmentCode: null }, { gridCode: grid, departmentCode: null })).toBe(false);
    expect(seesTicket({ role: 'admin', scopeCode: '140213' }, { gridCode: grid })).toBe(true);
    expect(seesTicket({ role: 'admin', scopeCode: '140214' }, { gridCode: grid })).toBe(false);
  });
});
