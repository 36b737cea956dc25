import { Inject, Injectable } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { REDIS } from '@gridflow/queue';

/** Failed logins of one username from one client address that lock that pair… */
export const MAX_FAILED_LOGINS = 5;
/** …for what is left of this fixed window (counted from the first failure; never extended). */
export const LOCKOUT_SECONDS = 15 * 60;
/** Failed logins of one username from all addresses together that lock the username… */
export const MAX_FAILED_LOGINS_PER_USERNAME = 50;
/** …for what is left of this fixed window (slow throttle against distributed guessing). */
export const USERNAME_WINDOW_SECONDS = 60 * 60;

export interface Lock {
  /** seconds until the lock ends */
  seconds: number;
  /** `address`: this username from this address; `username`: this username from anywhere */
  by: 'address' | 'username';
}

/**
 * Failed logins, shared by every API instance through Redis, in two fixed windows:
 * per (username, client address) — 5 failures lock that pair until 15 minutes after its
 * first failure, while the right password from another address still works — and per
 * username — 50 failures from all addresses within an hour lock the username until that
 * hour ends. Failures never extend a window (EXPIRE … NX). Unknown usernames are counted
 * too, so a lock says nothing about which accounts exist. The client address is Express's
 * `req.ip`, i.e. after TRUST_PROXY.
 */
@Injectable()
export class LoginLockoutService {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  private pairKey(username: string, address: string) {
    return `${this.config.queuePrefix}:login-failures:${username.toLowerCase()}:${address}`;
  }

  private usernameKey(username: string) {
    return `${this.config.queuePrefix}:login-failures-user:${username.toLowerCase()}`;
  }

  /** The lock in force for this username from this address, or null. */
  async lockOf(username: string, address: string): Promise<Lock | null> {
    const pair = this.pairKey(username, address);
    const user = this.usernameKey(username);
    const r = await this.redis.multi().get(pair).pttl(pair).get(user).pttl(user).exec();
    const [pairCount, pairTtl, userCount, userTtl] = (r ?? []).map(([, v]) => Number(v ?? 0));
    const seconds = (pttl: number) => Math.max(1, Math.ceil(pttl / 1000));
    if (userCount >= MAX_FAILED_LOGINS_PER_USERNAME) return { seconds: seconds(userTtl), by: 'username' };
    if (pairCount >= MAX_FAILED_LOGINS) return { seconds: seconds(pairTtl), by: 'address' };
    return null;
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const pair = this.pairKey(username, address);
    const user = this.usernameKey(username);
    await this.redis
      .multi()
      .incr(pair)
      .expire(pair, LOCKOUT_SECONDS, 'NX')
      .incr(user)
      .expire(user, USERNAME_WINDOW_SECONDS, 'NX')
      .exec();
  }

  /** A successful login clears its own address's count (not the username's: that one guards against many). */
  async clear(username: string, address: string): Promise<void> {
    await this.redis.del(this.pairKey(username, address));
  }
}
