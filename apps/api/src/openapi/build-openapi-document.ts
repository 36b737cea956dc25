import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { loadConfig } from '@gridflow/config';
import { ApiModule } from '../api.module.js';
import { setApiPrefix } from '../configure-api-app.js';
import { createOpenApiDocument } from './openapi-document.js';

/**
 * The document /docs-json serves, without a database, Redis or a listening port: Nest's preview
 * mode registers the modules and controllers but instantiates nothing, and the document only
 * needs the controllers' decorators and the global prefix. The throwaway secrets keep
 * loadConfig from writing local ones into DATA_DIR; nothing is signed or encrypted with them.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const config = loadConfig({
    NODE_ENV: 'development',
    DATABASE_URL: 'postgres://openapi@127.0.0.1:1/unused',
    DATABASE_OWNER_URL: 'postgres://openapi@127.0.0.1:1/unused',
    JWT_SECRET: randomBytes(32).toString('hex'),
    PII_KEY: randomBytes(32).toString('hex'),
    SEAL_KEY: randomBytes(32).toString('hex'),
  });
  const app = await NestFactory.create(ApiModule.register(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  setApiPrefix(app);
  return createOpenApiDocument(app);
}
