import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const SOURCES = ['apps/api/src', 'apps/worker/src', 'apps/cli/src', 'libs', 'tsconfig.json', 'tsconfig.build.json'];
/** The server as `npm run build:server` makes it, for tests that run real processes (never dist/: `npm start` serves that). */
export const TEST_SERVER_DIR = join(root, 'dist-test/server');
const STAMP = join(TEST_SERVER_DIR, '.source-hash');

function* files(path: string): Generator<string> {
  if (statSync(path).isDirectory()) {
    for (const name of readdirSync(path).sort()) if (name !== 'node_modules') yield* files(join(path, name));
  } else if (!path.endsWith('.spec.ts')) yield path;
}

function sourceHash(): string {
  const hash = createHash('sha256');
  for (const source of SOURCES)
    for (const file of files(join(root, source))) hash.update(file.slice(root.length)).update(readFileSync(file));
  return hash.digest('hex');
}

/** Builds the server into dist-test/server when its sources changed since the last build; returns the API's main.js. */
export function builtApiMain(): string {
  const hash = sourceHash();
  const main = join(TEST_SERVER_DIR, 'apps/api/src/main.js');
  if (!(existsSync(main) && existsSync(STAMP) && readFileSync(STAMP, 'utf8') === hash)) {
    const bin = (name: string) => join(root, 'node_modules/.bin', name);
    execFileSync(bin('tsc'), ['-p', 'tsconfig.build.json', '--outDir', TEST_SERVER_DIR], {
      cwd: root,
      stdio: 'inherit',
    });
    execFileSync(bin('tsc-alias'), ['-p', 'tsconfig.build.json', '--outDir', TEST_SERVER_DIR], {
      cwd: root,
      stdio: 'inherit',
    });
    writeFileSync(STAMP, hash);
  }
  return main;
}
