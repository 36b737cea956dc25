import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type { DataSource, EntityManager } from 'typeorm';
import { DomainException, ErrorCode, invalidField, stateConflict } from '@gridflow/domain';

const KEY = /^[A-Za-z0-9_.:-]{1,128}$/;

/** A key claimed ahead and still in progress after this long was left by a request that died. */
export const ABANDONED_CLAIM_SECONDS = 600;

export type IdempotentOutcome<T> = { replay: true; status: number; body: T } | { replay: false };

/**
 * `Idempotency-Key` (API.md): a repeat with the same key and body returns the first answer
 * and creates nothing; the same key with another body is 422 IDEMPOTENCY_KEY_REUSED. Keys
 * live 48 h. The claim is an INSERT on the key's primary key inside the filing
 * transaction: a concurrent repeat blocks on that row until the first commits (then
 * replays its answer) or rolls back (then files itself) — never two tickets.
 */
@Injectable()
export class IdempotencyService {
  hash(body: unknown): string {
    return createHash('sha256').update(stableJson(body)).digest('hex');
  }

  async claim<T>(tx: EntityManager, scope: string, key: string, requestHash: string): Promise<IdempotentOutcome<T>> {
    if (!KEY.test(key)) throw invalidField('Idempotency-Key', 'must be 1–128 letters, digits or _ . : -');
    // An expired key is free again.
    await tx.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND expires_at < now()`, [scope, key]);
    const inserted = await tx.query(
      `INSERT INTO idempotency_key (scope, key, request_hash) VALUES ($1, $2, $3)
       ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
      [scope, key, requestHash],
    );
    if (inserted.length) return { replay: false };
    const [row] = await tx.query(
      `SELECT request_hash, status_code, response FROM idempotency_key WHERE scope = $1 AND key = $2`,
      [scope, key],
    );
    if (!row || row.request_hash !== requestHash) {
      throw new DomainException(
        ErrorCode.IdempotencyKeyReused,
        'This Idempotency-Key was used with a different request body',
        [{ field: 'Idempotency-Key', problem: 'reused with another body' }],
      );
    }
    return { replay: true, status: row.status_code, body: row.response as T };
  }

  async complete(tx: EntityManager, scope: string, key: string, status: number, response: unknown) {
    await tx.query(`UPDATE idempotency_key SET status_code = $3, response = $4 WHERE scope = $1 AND key = $2`, [
      scope,
      key,
      status,
      JSON.stringify(response),
    ]);
  }

  /**
   * For a request that runs many transactions of its own (a batch of ticket actions): the key
   * is claimed in a short transaction of its own and committed at once, marked in progress (no
   * status yet), so that no connection and no lock is held while the request runs — a
   * transaction held over the batch would take a second pool connection per ticket action and
   * could exhaust the pool under concurrent batches. A repeat while the first still runs → 409
   * STATE_CONFLICT (repeat it later); `release` frees the key when the request failed.
   */
  async claimAhead<T>(db: DataSource, scope: string, key: string, requestHash: string): Promise<IdempotentOutcome<T>> {
    // A claim left in progress by a process that died mid-request is abandoned after a while:
    // the key is free again (a batch of 100 takes seconds). Filing never commits a claim in
    // progress, so this touches only keys claimed ahead.
    await db.query(
      `DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND status_code IS NULL
         AND created_at < now() - make_interval(secs => $3)`,
      [scope, key, ABANDONED_CLAIM_SECONDS],
    );
    const claimed = await db.transaction((tx) => this.claim<T>(tx, scope, key, requestHash));
    if (claimed.replay && claimed.status === null) {
      throw stateConflict('A request with this Idempotency-Key is still in progress; repeat it later', [
        { field: 'Idempotency-Key', problem: 'in progress' },
      ]);
    }
    return claimed;
  }

  /**
   * Runs `request` at most once per (scope, key, body) for a request that runs transactions of
   * its own (a ticket action, a batch): the key is claimed ahead, the answer stored when the
   * request succeeded, and the key freed when it failed (an error is not an answer to replay:
   * the repeat runs again and meets the ticket's state as it is then). Without a key the request
   * simply runs. `fingerprint` is what makes two requests the same (route, ticket, body).
   */
  async once<T>(
    db: DataSource,
    scope: string,
    key: string | undefined,
    fingerprint: unknown,
    request: () => Promise<T>,
  ): Promise<T> {
    if (key === undefined) return request();
    const claimed = await this.claimAhead<T>(db, scope, key, this.hash(fingerprint));
    if (claimed.replay) return claimed.body;
    try {
      const answer = await request();
      await this.complete(db.manager, scope, key, 200, answer);
      return answer;
    } catch (error) {
      await this.release(db, scope, key).catch(() => undefined);
      throw error;
    }
  }

  /** Frees a key claimed ahead whose request did not complete. */
  async release(db: Pick<EntityManager, 'query'>, scope: string, key: string): Promise<void> {
    await db.query(`DELETE FROM idempotency_key WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [scope, key]);
  }

  /** Housekeeping: keys past their 48 h go. */
  async deleteExpired(db: Pick<EntityManager, 'query'>): Promise<void> {
    await db.query(`DELETE FROM idempotency_key WHERE expires_at < now()`);
  }
}

/** JSON with sorted keys, so that the same body in another key order hashes the same. */
function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${stableJson((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}
