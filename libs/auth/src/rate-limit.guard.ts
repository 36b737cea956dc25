import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import type { Redis } from 'ioredis';
import { AppConfig } from '@gridflow/config';
import { DomainException, ErrorCode } from '@gridflow/domain';
import { REDIS } from '@gridflow/queue';
import { RATE_LIMITED } from './decorators.js';

const WINDOW_SECONDS = 60;

/**
 * Per-IP, per-route limit of RATE_LIMIT_PER_MINUTE on routes marked @RateLimited(): a
 * fixed one-minute window counted in Redis, so every API instance shares the count.
 * (@nestjs/throttler is CommonJS-only and cannot load NestJS 12 under our ESM tests, and
 * its default storage is per process.)
 */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    @Inject(REDIS) private readonly redis: Redis,
    private readonly config: AppConfig,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.reflector.get<boolean>(RATE_LIMITED, context.getHandler())) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<Request>();
    const window = Math.floor(Date.now() / 1000 / WINDOW_SECONDS);
    const route = `${context.getClass().name}.${context.getHandler().name}`;
    const key = `${this.config.queuePrefix}:rate:${route}:${req.ip ?? 'unknown'}:${window}`;
    const [[, hits]] = (await this.redis
      .multi()
      .incr(key)
      .expire(key, WINDOW_SECONDS * 2)
      .exec()) as [[Error | null, number]];
    const limit = this.config.rateLimitPerMinute;
    const res = http.getResponse<Response>();
    res.setHeader('RateLimit-Limit', limit);
    res.setHeader('RateLimit-Remaining', Math.max(0, limit - hits));
    if (hits > limit) {
      const retryAfter = (window + 1) * WINDOW_SECONDS - Math.floor(Date.now() / 1000);
      res.setHeader('Retry-After', retryAfter);
      throw new DomainException(ErrorCode.RateLimited, `Too many requests; try again in ${retryAfter} s`);
    }
    return true;
  }
}
