import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { ConfigError, loadConfig } from '@gridflow/config';
import { WorkerModule } from './worker.module.js';

async function bootstrap() {
  const config = loadConfig();
  const app = await NestFactory.create(WorkerModule.register(config), { bufferLogs: true, bodyParser: false });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  // Only /health is served here; the worker's real work is in its processors.
  await app.listen(config.workerPort);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`worker: failed to start: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
});
