import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { type AuthUser, DomainException, ErrorCode, type Role } from '@gridflow/domain';
import { AccessTokenVerifier } from './access-token.verifier.js';
import { IS_PUBLIC, ROLES_KEY } from './decorators.js';

/**
 * Every route needs a valid bearer token unless marked @Public() (see AccessTokenVerifier).
 * Then @Roles() is checked: a role not listed gets 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: AccessTokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const req = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    req.user = await this.tokens.verify(AccessTokenVerifier.bearer(req.headers.authorization));

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new DomainException(ErrorCode.Forbidden, `This action is for ${roles.join(', ')} only`);
    }
    return true;
  }
}
