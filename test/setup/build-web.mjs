// Builds the web console (apps/web → dist/web) for the browser tests when its sources changed
// since the last build: a hash of everything the bundle is made from is kept beside it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const SOURCES = ['apps/web', 'libs/domain/src', 'package-lock.json'];
const OUT = join(root, 'dist/web');
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
    ['build', '--config', 'apps/web/vite.config.ts', '--logLevel', 'warn'],
    {
      cwd: root,
      stdio: 'inherit',
    },
  );
  writeFileSync(STAMP, hash);
  return true;
}
