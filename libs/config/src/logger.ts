import { LoggerModule } from 'nestjs-pino';
import { type DestinationStream, type Logger, pino } from 'pino';
import { AppConfig } from './app-config.js';

/** Query parameters that carry credentials: their values never reach a log line. */
export const SECRET_QUERY_PARAMS = ['api_key', 'token', 'ticket', 'access_token'] as const;
const SECRET_QUERY = new RegExp(`([?&](?:${SECRET_QUERY_PARAMS.join('|')})=)[^&#]*`, 'gi');

/** The URL as it may be logged: the values of SECRET_QUERY_PARAMS replaced by [Redacted]. */
export function redactUrl(url: string | undefined): string | undefined {
  return url?.replace(SECRET_QUERY, '$1[Redacted]');
}

/** Nest token of the application's one pino logger (the request logger derives from it). */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/**
 * The application's pino logger: JSON lines, credentials redacted wherever a request
 * or response is logged (headers, and the query values of SECRET_QUERY_PARAMS). Lines go to
 * stdout unless another destination is given.
 */
export function createRootLogger(
  app: 'api' | 'worker',
  options: { level: string; instance: string },
  destination: DestinationStream = pino.destination(1),
): Logger {
  return pino(
    {
      level: options.level,
      base: { app, instance: options.instance },
      redact: [
        'req.headers.authorization',
        'req.headers.cookie',
        ...SECRET_QUERY_PARAMS.map((name) => `req.query.${name}`),
        'res.headers["set-cookie"]',
      ],
      serializers: {
        // Credentials passed in the query (Open311 api_key, stream tickets, the queue dashboard) stay out of logs.
        req: (req: Parameters<typeof pino.stdSerializers.req>[0]) => {
          const out = pino.stdSerializers.req(req);
          return { ...out, url: redactUrl(out.url) };
        },
        res: pino.stdSerializers.res,
        err: pino.stdSerializers.err,
      },
    },
    destination,
  );
}

/**
 * Structured JSON logs for both apps (nestjs-pino: Nest's Logger writes through the root logger,
 * and inside an HTTP request through that request's logger, so every line of a request carries
 * its id). The API's per-request logging is `requestLogger` (request-logger.ts), mounted by
 * configureApiApp; nestjs-pino only binds the logger it leaves on `req.log`.
 */
export function loggerModule(app: 'api' | 'worker') {
  return LoggerModule.forRootAsync({
    providers: [
      {
        provide: ROOT_LOGGER,
        inject: [AppConfig],
        useFactory: (config: AppConfig) =>
          createRootLogger(app, { level: config.logLevel, instance: config.instanceName }),
      },
    ],
    inject: [ROOT_LOGGER],
    useFactory: (root: Logger) => ({ pinoHttp: { logger: root }, useExisting: true as const }),
  });
}
