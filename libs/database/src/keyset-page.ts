import type { ObjectLiteral, SelectQueryBuilder } from 'typeorm';
import { DomainException, ErrorCode, isUuid } from '@gridflow/domain';

export interface PageQuery {
  limit?: number;
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface KeysetColumns {
  /** the table, for the cursor row's lookup */
  table: string;
  /** the alias used in the query builder */
  alias: string;
  /** unique key column (id or code), raw SQL name */
  key: string;
}

const encode = (key: string) => Buffer.from(JSON.stringify({ k: key })).toString('base64url');

function decode(cursor: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { k?: unknown };
    if (typeof parsed.k === 'string' && parsed.k.length <= 64) return parsed.k;
  } catch {
    // fall through to the 400 below
  }
  throw new DomainException(ErrorCode.ValidationFailed, 'Invalid cursor', [{ field: 'cursor', problem: 'malformed' }]);
}

/**
 * Keyset pagination, newest first (API.md "Lists"): orders by (created_at, key) descending
 * and continues strictly after the cursor row. The cursor names that row's key and its
 * position is read from the table, so timestamps keep their full microsecond precision.
 * One extra row is read to know whether there is more.
 */
export async function keysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  columns: KeysetColumns,
  keyOf: (row: T) => string,
): Promise<Page<T>> {
  const limit = page.limit ?? 20;
  const { alias, table, key } = columns;
  if (page.cursor) {
    const cursorKey = decode(page.cursor);
    // Compared without a cast so the cursor row is found by its primary key.
    if (key === 'id' && !isUuid(cursorKey)) {
      throw new DomainException(ErrorCode.ValidationFailed, 'Invalid cursor', [
        { field: 'cursor', problem: 'malformed' },
      ]);
    }
    qb.andWhere(
      `(${alias}.created_at, ${alias}.${key}) < (SELECT c.created_at, c.${key} FROM ${table} c WHERE c.${key} = :cursorKey)`,
      { cursorKey },
    );
  }
  const rows = await qb
    .orderBy(`${alias}.created_at`, 'DESC')
    .addOrderBy(`${alias}.${key}`, 'DESC')
    .limit(limit + 1)
    .getMany();
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  return { items, nextCursor: rows.length > limit && last ? encode(keyOf(last)) : null };
}
