import 'reflect-metadata';
import cluster from 'node:cluster';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { type AppConfig, ConfigError, loadConfig } from '@gridflow/config';

/**
 * One API process (API_WORKERS=1, the default), or with API_WORKERS=N a light primary that
 * forks N of them sharing PORT (node:cluster) and restarts one that dies (cluster-primary.ts).
 * The primary never loads Nest.
 */
async function main() {
  const config = loadConfig();
  if (config.apiWorkers > 1 && cluster.isPrimary) {
    const { runPrimary } = await import('./cluster-primary.js');
    runPrimary(config);
    return;
  }
  await bootstrap(config);
}

async function bootstrap(config: AppConfig) {
  const [{ Logger }, { NestFactory }, { ApiModule }, { configureApiApp }] = await Promise.all([
    import('@nestjs/common'),
    import('@nestjs/core'),
    import('./api.module.js'),
    import('./configure-api-app.js'),
  ]);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.register(config), {
    bufferLogs: true,
    bodyParser: false,
  });
  if (cluster.isWorker) {
    // Which process answered (docs/deployment.md): the requests are shared between them.
    const pid = String(process.pid);
    app.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.setHeader('X-Api-Process', pid);
      next();
    });
  }
  await configureApiApp(app);
  if (cluster.isWorker) drainOnceOnSignal(() => app.close());
  for (const warning of config.warnings) new Logger('Config').warn(warning);
  await app.listen(config.port);
}

/**
 * In a cluster, SIGTERM may reach a worker twice — from the primary, and from whoever
 * signalled the whole process group (systemd, Ctrl-C) — and Nest's own hook lets the second
 * one kill the process mid-drain. A worker closes once (stops taking connections, finishes
 * the requests in flight, closes the database and Redis), ignores repeats, then exits.
 */
function drainOnceOnSignal(close: () => Promise<void>) {
  let closing: Promise<void> | undefined;
  const drain = () => {
    closing ??= close().then(
      () => process.exit(0),
      (err: unknown) => {
        process.stderr.write(`api: shutdown failed: ${String(err)}\n`);
        process.exit(1);
      },
    );
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.removeAllListeners(signal);
    process.on(signal, drain);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`api: failed to start: ${err instanceof ConfigError ? err.message : String(err)}\n`);
  process.exit(1);
});
