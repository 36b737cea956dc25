// Builds the web console for the browser tests (apps/web → dist-test/web, never dist/web: that
// is what `npm run demo` / `npm start` serve) when its sources changed since the last build: a
// hash of everything the bundle is made from is kept beside it. Always a production build
// (NODE_ENV=production for vite, whatever the test run's NODE_ENV), the same as users get.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const SOURCES = ['apps/web', 'libs/domain/src', 'package-lock.json'];
export const TEST_WEB_DIR = join(root, 'dist-test/web');
const OUT = TEST_WEB_DIR;
const STAMP = join(OUT, '.source-hash');

function* files(path) {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) if (name !== 'node_modules') yield* files(join(path, name));
  } else yield path;
}

export function webSourceHash() {
  const hash = createHash('sha256');
  for (const source of SOURCES)
    for (const file of files(join(root, source))) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex');
}

export function buildWebIfStale() {
  const hash = webSourceHash();
  if (existsSync(join(OUT, 'index.html')) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash) return false;
  execFileSync(
    join(root, 'node_modules/.bin/vite'),
    ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn', '--outDir', OUT, '--emptyOutDir'],
    {
      cwd: root,
      stdio: 'inherit',
      env: { ...process.env, NODE_ENV: 'production' },
    },
  );
  writeFileSync(STAMP, hash);
  return true;
}
