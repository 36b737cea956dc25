import { createHash, randomBytes } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, Repository } from 'typeorm';
import { keysetPage, type PageQuery } from '@gridflow/database';
import { type AuthUser, invalidField, isUuid, notFound, stateConflict } from '@gridflow/domain';
import { Open311ApiKey } from './open311-api-key.entity.js';

export interface Open311KeyView {
  id: string;
  name: string;
  createdBy: string | null;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Only the answer to issuing carries the key. */
export interface Open311KeyWithSecret extends Open311KeyView {
  key: string;
}

/** The key holder a request was authenticated as. */
export interface Open311Client {
  keyId: string;
  name: string;
}

const KEY_PREFIX = 'o311_';
const KEY_SHAPE = /^o311_[A-Za-z0-9_-]{43}$/;

const toView = (k: Open311ApiKey): Open311KeyView => ({
  id: k.id,
  name: k.name,
  createdBy: k.createdBy,
  createdAt: k.createdAt,
  revokedAt: k.revokedAt,
  lastUsedAt: k.lastUsedAt,
});

/**
 * A key is 32 random bytes (base64url, with a recognisable `o311_` prefix); only its SHA-256
 * is stored. A slow password hash (argon2, as for logins) is not needed: it exists to make
 * guessing low-entropy human passwords expensive, and 256 random bits cannot be guessed
 * whatever the hash costs. A fast hash also lets the key be found by a unique-index lookup
 * instead of trying every row, and comparing hashes leaks nothing usable through timing.
 */
export function hashOpen311Key(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** Admins issue and revoke the API keys that Open311 clients need to file requests. */
@Injectable()
export class Open311KeysService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @InjectRepository(Open311ApiKey) private readonly keys: Repository<Open311ApiKey>,
  ) {}

  async issue(actor: AuthUser, name: string): Promise<Open311KeyWithSecret> {
    const trimmed = name.trim();
    if (!trimmed) throw invalidField('name', 'must not be blank');
    const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.keys.save(
      this.keys.create({ name: trimmed, keyHash: hashOpen311Key(key), createdBy: actor.id }),
    );
    return { ...toView(row), key };
  }

  async list(page: PageQuery) {
    const qb = this.keys.createQueryBuilder('k');
    const result = await keysetPage(qb, page, { table: 'open311_api_key', alias: 'k', key: 'id' }, (k) => k.id);
    return { items: result.items.map(toView), nextCursor: result.nextCursor };
  }

  /** Stops the key at once; the row stays (who held a key, and when it last filed, is worth keeping). */
  async revoke(id: string): Promise<Open311KeyView> {
    const key = isUuid(id) ? await this.keys.findOneBy({ id }) : null;
    if (!key) throw notFound('API key');
    const [row]: { revoked_at: Date }[] = await this.db.query(
      `WITH r AS (UPDATE open311_api_key SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL RETURNING revoked_at)
       SELECT revoked_at FROM r`,
      [id],
    );
    if (!row) throw stateConflict('This API key is already revoked');
    return toView({ ...key, revokedAt: row.revoked_at });
  }

  /**
   * The holder of a valid, unrevoked key, or null. One statement finds it and records the use
   * (last_used_at, at most once a minute so a busy client does not rewrite the row per request).
   */
  async verify(key: string | undefined): Promise<Open311Client | null> {
    if (!key || !KEY_SHAPE.test(key)) return null;
    const hash = hashOpen311Key(key);
    const [found]: { id: string; name: string }[] = await this.db.query(
      `WITH k AS (SELECT id, name FROM open311_api_key WHERE key_hash = $1 AND revoked_at IS NULL),
            touched AS (
              UPDATE open311_api_key SET last_used_at = now()
              WHERE id = (SELECT id FROM k) AND (last_used_at IS NULL OR last_used_at < now() - interval '1 minute')
            )
       SELECT id, name FROM k`,
      [hash],
    );
    return found ? { keyId: found.id, name: found.name } : null;
  }
}
