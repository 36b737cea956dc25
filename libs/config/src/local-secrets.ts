import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, readFileSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The secrets a development machine generates for itself when the environment names none. */
export const LOCAL_SECRET_FILES = {
  JWT_SECRET: 'jwt-secret',
  PII_KEY: 'pii-key',
  SEAL_KEY: 'seal-key',
  /** the password of the run-time database role (DATABASE_APP_ROLE) */
  DATABASE_APP_PASSWORD: 'database-app-password',
} as const;

export type LocalSecretName = keyof typeof LOCAL_SECRET_FILES;

/** Where the generated secrets live: `DATA_DIR/secrets/<file>`, mode 0600, directory 0700. */
export function localSecretPath(dataDir: string, name: LocalSecretName): string {
  return join(dataDir, 'secrets', LOCAL_SECRET_FILES[name]);
}

/**
 * Reads the secret kept in DATA_DIR, or makes a random 256-bit one (64 hex characters) on
 * first use. Creation is atomic: the value is written to a private temporary file which is
 * then hard-linked to its final name — linking fails if another process (api, worker, seed,
 * a parallel test) got there first, and then everyone reads the winner's value, so all local
 * processes agree and no one ever reads a half-written file.
 */
export function readOrCreateLocalSecret(dataDir: string, name: LocalSecretName): string {
  const path = localSecretPath(dataDir, name);
  mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
  const existing = readSecretFile(path);
  if (existing !== null) return existing;
  const tmp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(tmp, `${randomBytes(32).toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(tmp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(tmp);
  }
  const value = readSecretFile(path);
  if (value === null) throw new Error(`${path} vanished while it was being created`);
  return value;
}

function readSecretFile(path: string): string | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // Copied around with a looser mode: make it private again before using it.
  if ((statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
  return text.trim();
}
