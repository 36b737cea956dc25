import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { REDIS } from '@gridflow/queue';

const DAY_SECONDS = 86_400;

/**
 * Anonymous uploads per client address (req.ip, after TRUST_PROXY) per UTC day, counted in
 * Redis before the file is read: past ANON_UPLOADS_PER_DAY → 429 RATE_LIMITED with
 * Retry-After until the day ends. Staff uploads (signed in) are not counted.
 */
@Injectable()
export class AnonUploadQuotaGuard implements CanActivate {
  constructor(
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request>();
    const nowSeconds = Math.floor(Date.now() / 1000);
    const day = Math.floor(nowSeconds / DAY_SECONDS);
    const key = `${this.config.queuePrefix}:anon-uploads:${req.ip ?? 'unknown'}:${day}`;
    const [[, count]] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, DAY_SECONDS * 2)
      .exec()) as [[Error | null, number]];
    if (count > this.config.anonUploadsPerDay) {
      const retryAfterSeconds = (day + 1) * DAY_SECONDS - nowSeconds;
      throw new DomainException(
        ErrorCode.RateLimited,
        `At most ${this.config.anonUploadsPerDay} anonymous uploads a day from one address; try again tomorrow`,
        [{ field: 'file', problem: 'daily upload quota used up', retryAfterSeconds }],
      );
    }
    return true;
  }
}
