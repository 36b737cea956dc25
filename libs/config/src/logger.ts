import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './app-config.js';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Query parameters that carry credentials: their values never reach a log line. */
export const SECRET_QUERY_PARAMS = ['api_key', 'token', 'ticket', 'access_token'] as const;
const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#]*`, 'gi');

/** The URL as it may be logged: the values of SECRET_QUERY_PARAMS replaced by [Redacted]. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY, '$1[Redacted]');
}

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
          ...SECRET_QUERY_PARAMS.map((name) => `req.query.${name}`),
          'res.headers["set-cookie"]',
        ],
        // Credentials passed in the query (Open311 api_key, stream tickets, the queue dashboard) stay out of logs.
        serializers: {
          req: (req: { url?: string }) => ({ ...req, url: redactUrl(req.url) }),
        },
        // The client address after TRUST_PROXY (Express's req.ip), not whoever sent X-Forwarded-For.
        customProps: (req: IncomingMessage) => ({ clientAddress: (req as IncomingMessage & { ip?: string }).ip }),
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
