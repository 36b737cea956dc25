import { type CanActivate, createParamDecorator, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { forbidden } from '@gridflow/domain';
import { type Open311Client, Open311KeysService } from '@gridflow/open311';

type Open311Request = Request & { open311Client?: Open311Client };

/**
 * POST requests needs an `api_key` (form field, or query parameter as the spec's Swagger has
 * it). Checked as a guard, before the body is validated: without a valid key nothing about
 * the request is answered but 403.
 */
@Injectable()
export class Open311ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: Open311KeysService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Open311Request>();
    const raw: unknown = (req.body as { api_key?: unknown } | undefined)?.api_key ?? req.query.api_key;
    const key = typeof raw === 'string' && raw.trim() ? raw.trim() : undefined;
    const client = await this.keys.verify(key);
    if (!client) {
      throw forbidden(
        key
          ? "Invalid api_key received -- can't proceed with create_request."
          : "Missing api_key -- can't proceed with create_request.",
      );
    }
    req.open311Client = client;
    return true;
  }
}

/** The API key holder authenticated by Open311ApiKeyGuard. */
export const Open311Caller = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): Open311Client => ctx.switchToHttp().getRequest<Open311Request>().open311Client!,
);
