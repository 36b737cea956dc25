import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';
import type { AuthUser, Role } from '@gridflow/domain';

export const IS_PUBLIC = 'gridflow:public';
export const ROLES_KEY = 'gridflow:roles';
export const RATE_LIMITED = 'gridflow:rate-limited';

/** Marks the operation in the OpenAPI document; the API's document builder turns it into `security: []`. */
export const PUBLIC_EXTENSION = 'x-gridflow-public';

/** No token needed (login, the residents' channel, health, docs). */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));

/** Only these roles may call the route; others in scope get 403 FORBIDDEN. */
export const Roles = (...roles: Role[]) => SetMetadata(ROLES_KEY, roles);

/** Per-IP rate limit (RATE_LIMIT_PER_MINUTE) on this route → 429 RATE_LIMITED. */
export const RateLimited = () => SetMetadata(RATE_LIMITED, true);

/** The authenticated caller. */
export const CurrentUser = createParamDecorator((_: unknown, ctx: ExecutionContext): AuthUser => {
  return ctx.switchToHttp().getRequest<{ user: AuthUser }>().user;
});
