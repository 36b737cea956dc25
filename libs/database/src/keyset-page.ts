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

/** The SQL type of a key's value, as the cursor carries it (text) and casts it back. */
export type KeysetKeyType = 'integer' | 'timestamptz' | 'uuid';

export interface CompoundKeyset {
  /**
   * Expressions of the row compared as one tuple, ascending; together unique (end with the
   * id). They may use the `context` parameters by name.
   */
  keys: readonly { sql: string; type: KeysetKeyType }[];
  /**
   * Named values the keys depend on that must stay the same on every page (say the instant
   * an order by urgency is taken at): the first page's values, carried by the cursor.
   */
  context?: readonly { name: string; type: KeysetKeyType; value: string }[];
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d{1,6})?(Z|[+-]\d{2}(:?\d{2})?)$/;

/** Only what PostgreSQL will cast without an error: a bad cursor is a 400, never a 500. */
function validValue(type: KeysetKeyType, value: unknown): value is string {
  if (typeof value !== 'string' || value.length > 40) return false;
  if (type === 'uuid') return isUuid(value);
  if (type === 'integer') return /^-?\d{1,9}$/.test(value);
  if (value === 'infinity' || value === '-infinity') return true;
  const m = TIMESTAMP.exec(value);
  if (!m) return false;
  const [y, mo, d, h, mi, s] = m.slice(1, 7).map(Number);
  const day = new Date(Date.UTC(y, mo - 1, d));
  return day.getUTCMonth() === mo - 1 && day.getUTCDate() === d && h < 24 && mi < 60 && s < 60 && y >= 1;
}

function invalidCursor(): DomainException {
  return new DomainException(ErrorCode.ValidationFailed, 'Invalid cursor', [{ field: 'cursor', problem: 'malformed' }]);
}

function decodeCompound(cursor: string, order: CompoundKeyset): { values: string[]; context: string[] } {
  let parsed: { v?: unknown; c?: unknown };
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as typeof parsed;
  } catch {
    throw invalidCursor();
  }
  const context = order.context ?? [];
  const { v, c } = parsed ?? {};
  if (
    !Array.isArray(v) ||
    v.length !== order.keys.length ||
    !v.every((x, i) => validValue(order.keys[i].type, x)) ||
    !Array.isArray(c) ||
    c.length !== context.length ||
    !c.every((x, i) => validValue(context[i].type, x))
  ) {
    throw invalidCursor();
  }
  return { values: v as string[], context: c as string[] };
}

/**
 * Keyset pagination on a compound key (e.g. urgency rank, due time, id), ascending: the
 * cursor carries the last row's key values themselves, read back from PostgreSQL as text so
 * that timestamps keep their microseconds, and the context the keys were computed with.
 * Rows are never sorted in memory; each page continues strictly after the cursor's tuple.
 */
export async function compoundKeysetPage<T extends ObjectLiteral>(
  qb: SelectQueryBuilder<T>,
  page: PageQuery,
  order: CompoundKeyset,
): Promise<Page<T>> {
  const limit = page.limit ?? 20;
  const cursor = page.cursor ? decodeCompound(page.cursor, order) : null;
  const context = (order.context ?? []).map((c, i) => cursor?.context[i] ?? c.value);
  (order.context ?? []).forEach((c, i) => qb.setParameter(c.name, context[i]));
  const tuple = order.keys.map((k) => `(${k.sql})`).join(', ');
  if (cursor) {
    const bound = order.keys.map((k, i) => `CAST(:keyset_${i} AS ${k.type})`).join(', ');
    qb.andWhere(`(${tuple}) > (${bound})`);
    cursor.values.forEach((value, i) => qb.setParameter(`keyset_${i}`, value));
  }
  order.keys.forEach((k, i) => {
    qb.addSelect(`(${k.sql})::text`, `keyset_key_${i}`);
    if (i === 0) qb.orderBy(k.sql, 'ASC');
    else qb.addOrderBy(k.sql, 'ASC');
  });
  const { entities, raw } = await qb.limit(limit + 1).getRawAndEntities<Record<string, string>>();
  const items = entities.slice(0, limit);
  const last = raw[items.length - 1];
  const nextCursor =
    entities.length > limit && last
      ? Buffer.from(JSON.stringify({ v: order.keys.map((_, i) => last[`keyset_key_${i}`]), c: context })).toString(
          'base64url',
        )
      : null;
  return { items, nextCursor };
}
