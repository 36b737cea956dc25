import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { JwtService } from '@nestjs/jwt';
import type { Request } from 'express';
import { type AuthUser, DomainException, ErrorCode, type Role } from '@gridflow/domain';
import { IS_PUBLIC, ROLES_KEY } from './decorators.js';
import { JWT_ALGORITHM, type AccessTokenPayload } from './token.js';
import { UserCache } from './user-cache.service.js';
import { toAuthUser } from './user.entity.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every route needs a valid token unless marked @Public(): HS256 only (so `alg: none` and
 * other algorithms are refused), not expired, for an enabled user whose token version still
 * matches. Then @Roles() is checked: a role not listed gets 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly jwt: JwtService,
    private readonly users: UserCache,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.authenticate(req.headers.authorization);

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new DomainException(ErrorCode.Forbidden, `This action is for ${roles.join(', ')} only`);
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/.exec(header ?? '');
    if (!match) throw new DomainException(ErrorCode.Unauthenticated, 'A bearer token is required');
    let payload: AccessTokenPayload;
    try {
      payload = await this.jwt.verifyAsync<AccessTokenPayload>(match[1], { algorithms: [JWT_ALGORITHM] });
    } catch (err) {
      const expired = err instanceof Error && err.name === 'TokenExpiredError';
      throw new DomainException(ErrorCode.Unauthenticated, expired ? 'The token has expired' : 'The token is invalid');
    }
    const user = UUID.test(String(payload.sub)) ? await this.users.get(payload.sub) : null;
    if (!user || user.disabledAt || user.tokenVersion !== payload.ver) {
      throw new DomainException(ErrorCode.Unauthenticated, 'The token is no longer valid');
    }
    return toAuthUser(user);
  }
}
