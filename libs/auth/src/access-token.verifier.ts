import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { type AuthUser, DomainException, ErrorCode, isUuid } from '@gridflow/domain';
import { JWT_ALGORITHM, type AccessTokenPayload } from './token.js';
import { UserCache } from './user-cache.service.js';
import { toAuthUser } from './user.entity.js';

/**
 * Turns an access token into the user it speaks for: HS256 only (so `alg: none` and other
 * algorithms are refused), not expired, for an enabled user whose token version still
 * matches. Used by the guard, and by routes a browser opens without headers (the SSE
 * stream, the queue dashboard).
 */
@Injectable()
export class AccessTokenVerifier {
  constructor(
    private readonly jwt: JwtService,
    private readonly users: UserCache,
  ) {}

  async verify(token: string | undefined | null): Promise<AuthUser> {
    return (await this.verifyWithExpiry(token)).user;
  }

  /** The user and when the token expires (long-lived streams close then). */
  async verifyWithExpiry(token: string | undefined | null): Promise<{ user: AuthUser; expiresAt: Date | null }> {
    if (!token) throw new DomainException(ErrorCode.Unauthenticated, 'A bearer token is required');
    let payload: AccessTokenPayload & { exp?: number };
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload & { exp?: number }>(token, {
        algorithms: [JWT_ALGORITHM],
      });
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new DomainException(ErrorCode.Unauthenticated, expired ? 'The token has expired' : 'The token is invalid');
    }
    const user = isUuid(String(payload.sub)) ? await this.users.get(payload.sub) : null;
    if (!user || user.disabledAt || user.tokenVersion !== payload.ver) {
      throw new DomainException(ErrorCode.Unauthenticated, 'The token is no longer valid');
    }
    return { user: toAuthUser(user), expiresAt: payload.exp ? new Date(payload.exp * 1000) : null };
  }

  /** The token of an `Authorization: Bearer …` header, or null. */
  static bearer(header: string | undefined): string | null {
    return /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1] ?? null;
  }
}
