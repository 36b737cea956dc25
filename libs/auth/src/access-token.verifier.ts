import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { LRUCache } from 'lru-cache';
import { type AuthUser, DomainException, ErrorCode, isUuid } from '@gridflow/domain';
import { JWT_ALGORITHM, type AccessTokenPayload } from './token.js';
import { UserCache } from './user-cache.service.js';
import { toAuthUser } from './user.entity.js';

type VerifiedPayload = AccessTokenPayload & { exp?: number; nbf?: number };

/** How many verified tokens the verifier remembers, and for how long at most. */
export const VERIFIED_TOKENS_MAX = 10_000;
export const VERIFIED_TOKENS_TTL_MS = 5 * 60_000;

/**
 * Turns an access token into the user it speaks for: HS256 only (so `alg: none` and other
 * algorithms are refused), not expired, for an enabled user whose token version still
 * matches. Used by the guard, and by routes a browser opens without headers (the SSE
 * stream, the queue dashboard).
 */
@Injectable()
export class AccessTokenVerifier {
  /**
   * Tokens whose signature was checked, by their exact text (the header, payload and
   * signature): the same string always verifies the same way under the one secret, so a
   * phone's next request skips the HMAC. Only tokens that passed verification enter; the
   * expiry is checked again on every use, and the user (disabled, token version) always is.
   */
  private readonly verified = new LRUCache<string, VerifiedPayload>({
    max: VERIFIED_TOKENS_MAX,
    ttl: VERIFIED_TOKENS_TTL_MS,
  });

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
    const payload = await this.payloadOf(token);
    const user = isUuid(String(payload.sub)) ? await this.users.get(payload.sub) : null;
    if (!user || user.disabledAt || user.tokenVersion !== payload.ver) {
      throw new DomainException(ErrorCode.Unauthenticated, 'The token is no longer valid');
    }
    return { user: toAuthUser(user), expiresAt: payload.exp ? new Date(payload.exp * 1000) : null };
  }

  private async payloadOf(token: string): Promise<VerifiedPayload> {
    const known = this.verified.get(token);
    if (known && (known.exp === undefined || known.exp * 1000 > Date.now())) return known;
    let payload: VerifiedPayload;
    try {
      payload = await this.jwt.verifyAsync<VerifiedPayload>(token, { algorithms: [JWT_ALGORITHM] });
    } catch (err) {
      this.verified.delete(token);
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new DomainException(ErrorCode.Unauthenticated, expired ? 'The token has expired' : 'The token is invalid');
    }
    // A token not valid before a later time is checked again each time (GridFlow issues none).
    if (payload.nbf === undefined) this.verified.set(token, payload);
    return payload;
  }

  /** The token of an `Authorization: Bearer …` header, or null. */
  static bearer(header: string | undefined): string | null {
    return /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '')?.[1] ?? null;
  }
}
