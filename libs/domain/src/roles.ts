/**
 * WARNING: role values are persisted (app_user.role) and carried in JWTs: never rename.
 */
export const ROLES = ['admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member', 'department_staff'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller as every layer sees it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
  /** 职能部门人员: the department (职能部门) they work for; absent or null for every other role. */
  departmentCode?: string | null;
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: '政法委管理员',
  supervisor: '督查员',
  dispatcher: '村社派单员',
  grid_worker: '网格员',
  party_member: '党员',
  department_staff: '职能部门人员',
};
