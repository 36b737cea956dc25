import type { INestApplication, ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Test } from '@nestjs/testing';
import { Logger as PinoLogger } from 'nestjs-pino';
import supertest from 'supertest';
import type { AppConfig } from '@gridflow/config';
import { ApiModule } from '../../apps/api/src/api.module.js';
import { configureApiApp } from '../../apps/api/src/configure-api-app.js';
import { WorkerModule } from '../../apps/worker/src/worker.module.js';
import { migrateTestDatabase, testConfig } from './test-config.js';

export interface TestApi {
  app: NestExpressApplication;
  config: AppConfig;
  http: () => ReturnType<typeof supertest>;
  close: () => Promise<void>;
}

/**
 * Boots the real API — the same module and HTTP set-up as main.ts — on this run's
 * database and Redis prefix. `extra` adds test-only controllers next to the real ones.
 */
export async function createTestApi(options: { config?: AppConfig; extra?: ModuleMetadata } = {}): Promise<TestApi> {
  const config = options.config ?? testConfig();
  await migrateTestDatabase(config);
  const moduleRef = await Test.createTestingModule({
    imports: [ApiModule.register(config)],
    ...options.extra,
  }).compile();
  const app = moduleRef.createNestApplication<NestExpressApplication>({ bodyParser: false, bufferLogs: true });
  await configureApiApp(app);
  const server = app.getHttpServer();
  return { app, config, http: () => supertest(server), close: () => app.close() };
}

/** A resident's request through `POST /public/tickets` (E01 路灯不亮 unless `body` says otherwise); throws unless 201. */
export async function filePublicTicket(api: TestApi, gridCode: string, body: Record<string, unknown> = {}) {
  const res = await api
    .http()
    .post('/api/v1/public/tickets')
    .send({ itemCode: 'E01', description: '路灯不亮', gridCode, ...body });
  if (res.status !== 201) throw new Error(`filing failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; number: string; trackingCode: string };
}

/** Boots the queue worker (processors, no HTTP listener) on this run's database and Redis prefix. */
export async function createTestWorker(options: { config?: AppConfig } = {}): Promise<INestApplication> {
  const config = options.config ?? testConfig();
  await migrateTestDatabase(config);
  const moduleRef = await Test.createTestingModule({ imports: [WorkerModule.register(config)] }).compile();
  const app = moduleRef.createNestApplication({ bodyParser: false, bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  await app.init();
  return app;
}
