import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Level, Logger } from 'pino';

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/** Paths polled by monitors: answered, never logged. */
const QUIET_PATHS = new Set(['/health', '/metrics']);

type Req = IncomingMessage & { id?: string; ip?: string; log?: Logger; originalUrl?: string };
type Res = ServerResponse & { log?: Logger };

/**
 * The API's request logging, mounted first so that every request gets it, even one refused
 * before routing (bad JSON, 413, 404):
 *
 * - an id per request — the caller's `X-Request-Id` when it looks sane, a new UUID otherwise —
 *   echoed in the response header and bound to `req.log`, which nestjs-pino hands to Nest's
 *   Logger for the rest of the request: every line of a request carries its `reqId`;
 * - one line when the response is finished (or the client went away): `req` (method, URL with
 *   credentials redacted, headers without Authorization and Cookie, client address), `res`
 *   (status, headers without Set-Cookie), `responseTime` in ms, `clientAddress` (after
 *   TRUST_PROXY: Express's req.ip, not whoever sent X-Forwarded-For) — at `info`, `warn` for a
 *   4xx, `error` for a 5xx.
 *
 * The line is built only when its level is logged. pino-http, which did this before, serialised
 * the request into a child logger at the start of every request whatever the level: 40 % of the
 * CPU of a small authenticated GET at LOG_LEVEL=warn (docs/profiles/lifecycle.md, fourth round).
 */
export function requestLogger(root: Logger) {
  return (request: IncomingMessage, response: ServerResponse, next: () => void): void => {
    const req = request as Req;
    const res = response as Res;
    const given = req.headers['x-request-id'];
    const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
    res.setHeader('X-Request-Id', id);
    req.id = id;
    const log = root.child({ reqId: id });
    req.log = log;
    res.log = log;
    const path = (req.originalUrl ?? req.url ?? '').split('?', 1)[0];
    if (QUIET_PATHS.has(path)) return next();

    const started = performance.now();
    const done = (err?: Error) => {
      res.removeListener('finish', done);
      res.removeListener('close', done);
      res.removeListener('error', done);
      const level: Level = err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info';
      if (!log.isLevelEnabled(level)) return;
      const completed = !req.readableAborted && res.writableEnded;
      log[level](
        {
          req,
          res,
          ...(err ? { err } : {}),
          responseTime: Math.round(performance.now() - started),
          clientAddress: req.ip,
        },
        err || res.statusCode >= 500 ? 'request errored' : completed ? 'request completed' : 'request aborted',
      );
    };
    res.on('finish', done);
    res.on('close', done);
    res.on('error', done);
    next();
  };
}
