import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';
import expressStaticGzip from 'express-static-gzip';

/** Paths the API itself answers: never the console's index.html, even for a browser. */
const API_PATHS = /^\/(api|open311|docs|docs-json|health|metrics|admin\/queues)(\/|$|\.)/;

/**
 * Serves the built web console (WEB_DIR, default dist/web) at `/`: hashed assets cached for a
 * year, sent precompressed (the build writes x.js.br and x.js.gz beside x.js) with
 * Content-Encoding, the original Content-Type and `Vary: Accept-Encoding` — brotli first,
 * then gzip, the plain file for clients that accept neither;
 * and index.html for every other GET a browser makes (the console's own routes such as
 * /tickets/…, /r/:gridCode, /t/:trackingCode). Requests that do not ask for HTML fall through
 * to the JSON 404. Without a build nothing is mounted and `/` answers 404 as before.
 */
export function mountWebConsole(app: NestExpressApplication, webDir: string): boolean {
  const index = join(webDir, 'index.html');
  if (!existsSync(index)) return false;
  // 群众点单, the QR code's page: its own small entry (React and the form, no antd up front).
  const resident = join(webDir, 'resident.html');
  const hasResident = existsSync(resident);
  app.use(
    '/assets',
    expressStaticGzip(join(webDir, 'assets'), {
      enableBrotli: true,
      orderPreference: ['br', 'gzip'],
      index: false,
      serveStatic: { immutable: true, maxAge: '365d', index: false, fallthrough: true },
    }),
  );
  app.use(
    express.static(webDir, {
      index: false,
      maxAge: '1h',
      // The service worker and the manifest name the release: a phone must see a new one at once.
      setHeaders: (res, path) => {
        if (/[\\/](sw\.js|manifest\.webmanifest)$/.test(path)) res.setHeader('Cache-Control', 'no-cache');
      },
    }),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    const isFile = /\.[a-z0-9]+$/i.test(req.path); // a missing asset is a 404, not the page
    // Browsers navigating ask for text/html by name; API clients (no Accept, */*, JSON) get the JSON 404.
    const wantsPage = (req.headers.accept ?? '').includes('text/html');
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATHS.test(req.path) || isFile || !wantsPage) {
      return next();
    }
    // Never cached: a new release's index.html names the new asset files.
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(hasResident && /^\/r\/[^/]+\/?$/.test(req.path) ? resident : index);
  });
  return true;
}
