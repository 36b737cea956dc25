import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { REDIS } from '@gridflow/queue';

export const MAX_FAILED_LOGINS = 5;
export const LOCKOUT_SECONDS = 15 * 60;

/**
 * Failed logins per username, shared by every API instance through Redis: the fifth
 * failure locks the username for 15 minutes (counting from that failure). Unknown
 * usernames are counted too, so the lock says nothing about which accounts exist.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private key(username: string) {
    return `${this.config.queuePrefix}:login-failures:${username.toLowerCase()}`;
  }

  /** Seconds until the username unlocks, or 0 when it is not locked. */
  async lockedForSeconds(username: string): Promise<number> {
    const [count, ttl] = await this.redis
      .multi()
      .get(this.key(username))
      .ttl(this.key(username))
      .exec()
      .then((r) => [Number(r?.[0]?.[1] ?? 0), Number(r?.[1]?.[1] ?? 0)]);
    return count >= MAX_FAILED_LOGINS ? Math.max(ttl, 1) : 0;
  }

  async recordFailure(username: string): Promise<void> {
    const key = this.key(username);
    const count = await this.redis.incr(key);
    if (count === 1 || count >= MAX_FAILED_LOGINS) await this.redis.expire(key, LOCKOUT_SECONDS);
  }

  async clear(username: string): Promise<void> {
    await this.redis.del(this.key(username));
  }
}
