import { HttpStatus, type INestApplication, RequestMethod } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA } from '@nestjs/common/constants.js';
import { ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { PUBLIC_EXTENSION } from '@gridflow/auth';

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/**
 * The OpenAPI document served at /docs-json, built from the controllers' decorators. The same
 * function writes the committed copy (`npm run openapi:write`), from which the console's types
 * are generated, so the two cannot drift apart unnoticed.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('GridFlow API')
      .setDescription(
        '网格化服务管理 — grids, the matter catalogue and the six-step ticket flow (六联单). See shared/API.md.',
      )
      .setVersion('1')
      // The paths carry their own prefixes (/api/v1, /open311/v2, /health): the server is this host.
      .addServer('/', 'the host serving this document')
      .addBearerAuth()
      .build(),
  );
  declareSecurity(document);
  keepSuccessAnswers(app, document);
  return document;
}

/**
 * Every operation says how it is authenticated: `@Public()` (libs/auth, the flag the AuthGuard
 * reads) becomes `security: []`; anything else must declare `@ApiBearerAuth()`, or building the
 * document fails (and with it `npm run lint`) rather than leave the question open.
 */
function declareSecurity(document: OpenAPIObject) {
  const undeclared: string[] = [];
  for (const [path, item] of Object.entries(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as (Record<string, unknown> & { security?: unknown[] }) | undefined;
      if (!operation) continue;
      if (operation[PUBLIC_EXTENSION]) {
        delete operation[PUBLIC_EXTENSION];
        operation.security = [];
      } else if (!operation.security?.length) {
        undeclared.push(`${method.toUpperCase()} ${path}`);
      }
    }
  }
  if (undeclared.length > 0) {
    throw new Error(`OpenAPI: neither @Public() nor @ApiBearerAuth() on ${undeclared.join(', ')}`);
  }
}

type Operation = Record<string, unknown> & { operationId?: string; responses: Record<string, unknown> };

/**
 * @nestjs/swagger documents a route's success answer (its @HttpCode, else 201 for POST and 200
 * otherwise) only while the route declares no response of its own; `@ApiErrors(...)` on a route
 * would hide it. Put back what it would have said, from the same metadata, wherever a route
 * declares no 2xx itself. Operation ids are swagger's `<Controller>_<method>`.
 */
function keepSuccessAnswers(app: INestApplication, document: OpenAPIObject) {
  const statusById = new Map<string, number>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (typeof handler !== 'function' || !Reflect.hasMetadata(METHOD_METADATA, handler)) continue;
        const status =
          (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
          (Reflect.getMetadata(METHOD_METADATA, handler) === RequestMethod.POST ? HttpStatus.CREATED : HttpStatus.OK);
        statusById.set(`${metatype.name}_${name}`, status);
      }
    }
  }
  for (const item of Object.values(document.paths)) {
    for (const method of METHODS) {
      const operation = item[method] as Operation | undefined;
      if (!operation || Object.keys(operation.responses).some((code) => /^[23]/.test(code))) continue;
      const status = statusById.get(operation.operationId ?? '');
      if (!status) throw new Error(`OpenAPI: no handler found for operation ${operation.operationId}`);
      operation.responses = { [status]: { description: '' }, ...operation.responses };
    }
  }
}
