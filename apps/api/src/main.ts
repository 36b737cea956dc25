import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ConfigError, loadConfig } from '@gridflow/config';
import { ApiModule } from './api.module.js';
import { configureApiApp } from './configure-api-app.js';

async function bootstrap() {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  await configureApiApp(app);
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  await app.listen(config.port);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`api: failed to start: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
});
