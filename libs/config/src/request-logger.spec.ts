import { once } from 'node:events';
import { type Server, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import express from 'express';
import request from 'supertest';
import { createRootLogger } from './logger.js';
import { requestLogger } from './request-logger.js';

type Line = Record<string, unknown> & {
  msg: string;
  level: number;
  reqId?: string;
  req?: { method: string; url: string; headers: Record<string, string> };
  res?: { statusCode: number; headers: Record<string, string> };
  responseTime?: number;
  clientAddress?: string;
};

/** An express app behind `requestLogger`, its log lines collected as parsed JSON and as text. */
function appLoggingAt(level: string) {
  const lines: Line[] = [];
  let text = '';
  const sink = new Writable({
    write(chunk: Buffer, _enc, cb) {
      text += chunk.toString();
      for (const l of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(l) as Line);
      cb();
    },
  });
  const root = createRootLogger('api', { level, instance: 'test' }, sink);
  const app = express();
  app.set('query parser', 'extended');
  app.use(requestLogger(root));
  app.get('/ok', (_req, res) => {
    res.setHeader('Set-Cookie', 'session=cookie-secret-value');
    res.json({ ok: true });
  });
  app.get('/says', (req, res) => {
    (req as unknown as { log: { warn: (m: string) => void } }).log.warn('inside the handler');
    res.json({ ok: true });
  });
  app.get('/missing', (_req, res) => res.status(404).json({ error: 'nope' }));
  app.get('/broken', (_req, res) => res.status(500).json({ error: 'boom' }));
  app.get('/health', (_req, res) => res.json({ status: 'ok' }));
  app.get('/metrics', (_req, res) => res.send('# metrics'));
  app.get('/slow', () => {
    /* never answers: the client gives up */
  });
  return { app, lines, text: () => text };
}

/** Polls until `check` holds (lines are written as the response finishes, not before the client reads it). */
async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; !check(); i++) {
    if (i > 2000) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setImmediate(r));
  }
}

describe('requestLogger', () => {
  it('logs one completed line per request with its id, status and time, credentials redacted', async () => {
    const { app, lines, text } = appLoggingAt('info');
    const res = await request(app)
      .get('/ok?api_key=open311-secret&page=2')
      .set('Authorization', 'Bearer header.payload.signature-secret')
      .set('Cookie', 'refresh=cookie-in-request');
    expect(res.status).toBe(200);
    await until(() => lines.length === 1, 'the request line');
    const [line] = lines;
    expect(line.msg).toBe('request completed');
    expect(line.level).toBe(30);
    expect(line.reqId).toBe(res.headers['x-request-id']);
    expect(line.req).toMatchObject({ method: 'GET', url: '/ok?api_key=[Redacted]&page=2' });
    expect(line.req?.headers.authorization).toBe('[Redacted]');
    expect(line.req?.headers.cookie).toBe('[Redacted]');
    expect(line.res?.statusCode).toBe(200);
    expect(line.res?.headers['set-cookie']).toBe('[Redacted]');
    expect(typeof line.responseTime).toBe('number');
    expect(line.clientAddress).toMatch(/127\.0\.0\.1/);
    expect(line).toMatchObject({ app: 'api', instance: 'test' });
    for (const secret of ['open311-secret', 'signature-secret', 'cookie-in-request', 'cookie-secret-value']) {
      expect(text()).not.toContain(secret);
    }
  });

  it('gives every line made while handling the request the same id', async () => {
    const { app, lines } = appLoggingAt('info');
    const res = await request(app).get('/says').set('X-Request-Id', 'trace-0001-abc');
    expect(res.headers['x-request-id']).toBe('trace-0001-abc');
    await until(() => lines.length === 2, 'both lines');
    expect(lines.map((l) => [l.msg, l.reqId])).toEqual([
      ['inside the handler', 'trace-0001-abc'],
      ['request completed', 'trace-0001-abc'],
    ]);
  });

  it('replaces a request id that does not look sane: it never becomes the id nor forges a field', async () => {
    const { app, lines } = appLoggingAt('info');
    const ids: string[] = [];
    for (const given of ['short', 'has spaces in it', 'x'.repeat(1024), '"},"level":60,"reqId":"forged']) {
      const res = await request(app).get('/ok').set('X-Request-Id', given);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
      ids.push(res.headers['x-request-id'] as string);
    }
    await until(() => lines.length === 4, 'four lines');
    // The header itself is logged as sent, among the request's headers, as a JSON string.
    expect(lines.map((l) => [l.reqId, l.level, l.msg])).toEqual(ids.map((id) => [id, 30, 'request completed']));
    expect(lines[3].req?.headers['x-request-id']).toBe('"},"level":60,"reqId":"forged');
  });

  it('does not take the client address from X-Forwarded-For unless the proxy is trusted', async () => {
    const { app, lines } = appLoggingAt('info');
    await request(app).get('/ok').set('X-Forwarded-For', '203.0.113.9');
    app.set('trust proxy', 'loopback');
    await request(app).get('/ok').set('X-Forwarded-For', '203.0.113.9');
    await until(() => lines.length === 2, 'two lines');
    expect(lines[0].clientAddress).not.toContain('203.0.113.9');
    expect(lines[1].clientAddress).toBe('203.0.113.9');
  });

  it('at warn writes nothing for a success, a warning for a 4xx and an error for a 5xx', async () => {
    const { app, lines } = appLoggingAt('warn');
    await request(app).get('/ok').expect(200);
    await request(app).get('/missing').expect(404);
    await request(app).get('/broken').expect(500);
    await until(() => lines.length === 2, 'two lines');
    expect(lines.map((l) => [l.level, l.msg, l.res?.statusCode])).toEqual([
      [40, 'request completed', 404],
      [50, 'request errored', 500],
    ]);
  });

  it('answers /health and /metrics with an id but never logs them', async () => {
    const { app, lines } = appLoggingAt('info');
    const health = await request(app).get('/health?probe=1');
    expect(health.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    await request(app).get('/metrics');
    await request(app).get('/ok');
    await until(() => lines.length === 1, 'the line of /ok');
    expect(lines[0].req?.url).toBe('/ok');
  });

  it('logs a request whose client went away as aborted', async () => {
    const { app, lines } = appLoggingAt('info');
    const server: Server = app.listen(0, '127.0.0.1');
    await once(server, 'listening');
    try {
      const { port } = server.address() as AddressInfo;
      const arrived = once(server, 'request');
      const req = httpRequest({ host: '127.0.0.1', port, path: '/slow' });
      req.on('error', () => undefined);
      req.end();
      await arrived;
      req.destroy();
      await until(() => lines.length === 1, 'the aborted line');
      expect(lines[0]).toMatchObject({ msg: 'request aborted', req: { url: '/slow' } });
    } finally {
      server.closeAllConnections();
      server.close();
    }
  });
});
