import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig } from '@gridflow/config';

/**
 * Personal data at rest (the reporter's phone): AES-256-GCM, a fresh 96-bit IV per value.
 *
 * WARNING: the stored format is persisted (ticket.reporter_phone_enc).
 *   v2.<key id>.<iv>.<tag>.<ciphertext>  (base64url parts) — written now, with PII_KEY;
 *   v1.<iv>.<tag>.<ciphertext>           — the first release's, no key id: every known key is tried.
 * The key id (libs/config piiKeyId) picks the key among PII_KEY and PII_OLD_KEYS, so a key can be
 * rotated: set the new PII_KEY, move the old one to PII_OLD_KEYS, run `npm run pii:rekey`.
 * Tampering fails the tag.
 */
@Injectable()
export class PiiCipher {
  private readonly logger = new Logger('PiiCipher');

  constructor(private readonly config: AppConfig) {}

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.config.piiKey, iv);
    const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return ['v2', this.config.piiKeyId, ...[iv, cipher.getAuthTag(), ct].map((p) => p.toString('base64url'))].join('.');
  }

  decrypt(stored: string): string {
    return decryptPii(stored, this.config.piiKeys);
  }

  /** The plain value, or undefined (logged) when no configured key opens it: a reader gets the mask, not a 500. */
  tryDecrypt(stored: string): string | undefined {
    try {
      return this.decrypt(stored);
    } catch (err) {
      this.logger.error(`personal data unreadable: ${(err as Error).message}`);
      return undefined;
    }
  }

  /** Whether the value is already under the current key (else `pii:rekey` re-encrypts it). */
  isCurrent(stored: string): boolean {
    return stored.startsWith(`v2.${this.config.piiKeyId}.`);
  }
}

/** Decrypts a stored value with whichever of `keys` (by id) wrote it; throws if none can. */
export function decryptPii(stored: string, keys: ReadonlyMap<string, Buffer>): string {
  const parts = stored.split('.');
  if (parts[0] === 'v2' && parts.length === 5) {
    const key = keys.get(parts[1]!);
    if (!key) throw new Error(`PII ciphertext under unknown key id ${parts[1]} (set it in PII_OLD_KEYS)`);
    return open(key, parts[2]!, parts[3]!, parts[4]!);
  }
  if (parts[0] === 'v1' && parts.length === 4) {
    for (const key of keys.values()) {
      try {
        return open(key, parts[1]!, parts[2]!, parts[3]!);
      } catch {
        // the tag did not match: another key wrote it
      }
    }
    throw new Error('PII ciphertext (v1) matches none of the configured keys');
  }
  throw new Error('unknown PII ciphertext format');
}

function open(key: Buffer, iv: string, tag: string, ct: string): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ct, 'base64url')), decipher.final()]).toString('utf8');
}
