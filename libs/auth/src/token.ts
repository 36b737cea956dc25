import type { Role } from '@gridflow/domain';

export const JWT_ALGORITHM = 'HS256';
export const ACCESS_TOKEN_TTL_SECONDS = 8 * 3600;

export interface AccessTokenPayload {
  sub: string;
  role: Role;
  scopeCode: string;
  /** the user's token version when the token was issued */
  ver: number;
}
