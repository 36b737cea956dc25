import { createHash, randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AccessTokenVerifier } from '@gridflow/auth';
import { AppConfig } from '@gridflow/config';
import { type AuthUser, DomainException, ErrorCode } from '@gridflow/domain';
import { REDIS } from '@gridflow/queue';

/** How long a stream ticket may wait before it is used. */
export const STREAM_TICKET_TTL_SECONDS = 60;

/** Where a ticket lives in Redis: by its hash, so a Redis dump holds no usable ticket. */
export function streamTicketKey(queuePrefix: string, ticket: string): string {
  return `${queuePrefix}:sse-ticket:${createHash('sha256').update(ticket).digest('hex')}`;
}

/**
 * Stream tickets: EventSource cannot send an Authorization header, and a URL ends up in logs,
 * proxies and browser history, so the notification stream's URL carries a short-lived,
 * single-use ticket instead of the 8-hour JWT. The ticket stands for the caller's access token
 * (kept server-side in Redis for at most a minute), so opening the stream applies exactly the
 * token's rules — expiry, disabled user, password reset — and the stream closes when it expires.
 */
@Injectable()
export class StreamTicketService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async issue(accessToken: string): Promise<{ ticket: string; expiresAt: string }> {
    const ticket = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + STREAM_TICKET_TTL_SECONDS * 1000);
    await this.redis.set(
      streamTicketKey(this.config.queuePrefix, ticket),
      JSON.stringify({ accessToken, expiresAt: expiresAt.toISOString() }),
      'EX',
      STREAM_TICKET_TTL_SECONDS,
    );
    return { ticket, expiresAt: expiresAt.toISOString() };
  }

  /** Takes the ticket (GETDEL: a second use finds nothing) and answers for whom it was issued. */
  async redeem(ticket: string): Promise<{ user: AuthUser; expiresAt: Date | null }> {
    if (!/^[A-Za-z0-9_-]{43}$/.test(ticket)) throw invalid();
    const stored = await this.redis.getdel(streamTicketKey(this.config.queuePrefix, ticket));
    if (!stored) throw invalid();
    const { accessToken, expiresAt } = JSON.parse(stored) as { accessToken: string; expiresAt: string };
    if (Date.parse(expiresAt) <= Date.now()) throw invalid();
    return this.tokens.verifyWithExpiry(accessToken);
  }
}

const invalid = () =>
  new DomainException(ErrorCode.Unauthenticated, 'The stream ticket is unknown, used or expired: ask for a new one');
