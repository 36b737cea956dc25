import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Structured JSON logs for both apps. Each HTTP request gets an id (the caller's
 * X-Request-Id when it looks sane, a new UUID otherwise), echoed in the response header
 * and present on every log line of that request.
 */
export function loggerModule(app: 'api' | 'worker') {
  return LoggerModule.forRootAsync({
    inject: [AppConfig],
    useFactory: (config: AppConfig) => ({
      pinoHttp: {
        level: config.logLevel,
        base: { app, instance: config.instanceName },
        redact: [
          'req.headers.authorization',
          'req.headers.cookie',
          'req.query.access_token',
          'res.headers["set-cookie"]',
        ],
        // Tokens passed in the query (SSE, the queue dashboard) must not reach the logs.
        serializers: {
          req: (req: { url?: string }) => ({
            ...req,
            url: req.url?.replace(/access_token=[^&]*/g, 'access_token=[Redacted]'),
          }),
        },
        genReqId: (req: IncomingMessage, res: ServerResponse) => {
          const given = req.headers['x-request-id'];
          const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
          res.setHeader('X-Request-Id', id);
          return id;
        },
        customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
          err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
        autoLogging: { ignore: (req: IncomingMessage) => req.url === '/health' || req.url === '/metrics' },
      },
    }),
  });
}
