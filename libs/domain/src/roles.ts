/**
 * WARNING: role values are persisted (app_user.role) and carried in JWTs: never rename.
 */
export const ROLES = ['admin', 'supervisor', 'dispatcher', 'grid_worker', 'party_member'] as const;
export type Role = (typeof ROLES)[number];

/** The authenticated caller as every layer sees it. */
export interface AuthUser {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  scopeCode: string;
}

export const ROLE_LABEL: Record<Role, string> = {
  admin: '政法委管理员',
  supervisor: '督查员',
  dispatcher: '村社派单员',
  grid_worker: '网格员',
  party_member: '党员',
};
