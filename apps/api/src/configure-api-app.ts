import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import helmet from 'helmet';
import { AppConfig, ROOT_LOGGER, requestLogger } from '@gridflow/config';
import { ErrorCode } from '@gridflow/domain';
import { Logger } from 'nestjs-pino';
import { AllExceptionsFilter } from './common/all-exceptions.filter.js';
import { codeForStatus, errorBody } from './common/error-body.js';
import { createValidationPipe } from './common/validation.pipe.js';
import { httpMetricsMiddleware } from './metrics/http-metrics.middleware.js';
import { MetricsService } from './metrics/metrics.service.js';
import { createOpenApiDocument } from './openapi/openapi-document.js';
import { mountQueueBoard } from './operations/queue-board.js';
import { mountWebConsole } from './web/web-console.js';

export const API_PREFIX = 'api/v1';
export const BODY_LIMIT = '1mb';

/**
 * Operations endpoints live outside /api/v1 (API.md "Operations"), and so does Open311 (its
 * own path, /open311/v2; the admins' key endpoints stay at /api/v1/open311/keys).
 */
export function setApiPrefix(app: INestApplication): void {
  app.setGlobalPrefix(API_PREFIX, { exclude: ['health', 'health/queue', 'metrics', 'open311/v2/{*path}'] });
}

/**
 * Everything between "Nest created the app" and "listen": shared by main.ts and the test
 * app factory so tests exercise exactly the production HTTP stack.
 */
export async function configureApiApp(app: NestExpressApplication): Promise<NestExpressApplication> {
  const config = app.get(AppConfig);
  app.useLogger(app.get(Logger));
  // TRUST_PROXY (default loopback): whose X-Forwarded-For decides req.ip — the client address
  // of rate limits, login lockout, upload quotas and the request log.
  app.set('trust proxy', config.trustProxy);
  app.set('query parser', 'extended');
  app.disable('x-powered-by');
  app.use(requestLogger(app.get(ROOT_LOGGER)));
  app.use(httpMetricsMiddleware(app.get(MetricsService)));
  app.use(helmet({ contentSecurityPolicy: { directives: consoleCsp(config) } }));
  app.useBodyParser('json', { limit: BODY_LIMIT });
  app.useBodyParser('urlencoded', { limit: BODY_LIMIT, extended: true });
  setApiPrefix(app);
  app.useGlobalFilters(new AllExceptionsFilter());
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();
  app.getHttpServer().on('clientError', answerClientError);

  SwaggerModule.setup('docs', app, () => createOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    customSiteTitle: 'GridFlow API',
  });

  mountQueueBoard(app);

  await app.init();
  mountWebConsole(app, config.webDir);
  // Nest answers unknown paths only under the global prefix; everything else lands here.
  app.use((req: Request, res: Response) => {
    res.status(404).json(errorBody(404, ErrorCode.NotFound, `Cannot ${req.method} ${req.path}`));
  });
  return app;
}

/**
 * Node's HTTP parser refuses some requests before Express sees them (request line and headers
 * over 16 KB, malformed HTTP) and by default answers a bare 431/400 with no body; these get the
 * API.md error shape too.
 */
function answerClientError(err: NodeJS.ErrnoException, socket: Duplex) {
  if (err.code === 'ECONNRESET' || !socket.writable) {
    socket.destroy();
    return;
  }
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 408 : 400;
  const message =
    status === 431
      ? 'Request line and headers are larger than 16 KB'
      : status === 408
        ? 'Request timed out'
        : 'Malformed HTTP request';
  const body = JSON.stringify(errorBody(status, codeForStatus(status), message));
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/**
 * helmet's default Content-Security-Policy, adjusted for the web console: photo previews are
 * blob: URLs, map tiles may come from the configured tile server, and no
 * upgrade-insecure-requests (a phone opening the demo at http://<lan-ip>:3000 must load its
 * assets over plain http; production terminates TLS in front anyway).
 */
function consoleCsp(config: AppConfig) {
  const tiles = [...new Set(config.webTileLayers.flatMap((l) => tileOrigins(l.url, l.subdomains)))];
  return {
    imgSrc: ["'self'", 'data:', 'blob:', ...tiles],
    upgradeInsecureRequests: null,
  };
}

/** The origins a tile URL template can expand to (`{s}` → each subdomain). */
export function tileOrigins(template: string, subdomains: string | null): string[] {
  const subs = (subdomains ?? 'abc').split('');
  const origins = new Set<string>();
  for (const s of template.includes('{s}') ? subs : ['']) {
    try {
      origins.add(new URL(template.replaceAll('{s}', s).replace(/\{[a-z]+\}/gi, '0')).origin);
    } catch {
      /* validated at start-up; nothing to add */
    }
  }
  return [...origins];
}
