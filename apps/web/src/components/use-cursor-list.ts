import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../api/client';
import type { Page } from '../api/types';

export interface CursorList<T> {
  items: T[];
  /** any page is loading */
  loading: boolean;
  /** the first page is loading (a new query or a reload): the table shows it */
  refreshing: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
  /** Puts a changed row in place without refetching. */
  replace: (match: (item: T) => boolean, next: T) => void;
}

export interface CursorListOptions<T> {
  limit?: number;
  /** Filters what the API cannot; pages it empties are skipped so a bare "more" never shows. */
  keep?: (item: T) => boolean;
}

/** Pages fetched in one go when `keep` leaves a page empty. */
const MAX_PAGES_PER_LOAD = 5;

const idOf = (item: unknown) => (item as { id?: unknown }).id;

/** A row that moved between pages while paging (its sort key changed) is not shown twice. */
function appendNew<T>(list: T[], more: T[]): T[] {
  const seen = new Set<unknown>(list.map(idOf).filter((id) => id !== undefined));
  return [...list, ...more.filter((item) => idOf(item) === undefined || !seen.has(idOf(item)))];
}

/**
 * A keyset-paged list (API.md "Lists", `{items, nextCursor}`): the first page whenever `path` or
 * `query` change (nothing while `path` is null), further pages appended by `loadMore`. An answer to
 * an older query never overwrites a newer one.
 */
export function useCursorList<T>(path: string | null, query: Query = {}, options: CursorListOptions<T> = {}) {
  const { limit = 50, keep } = options;
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>(path ? 'first' : null);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const keepRef = useRef(keep);
  keepRef.current = keep;
  const key = JSON.stringify([path, query, limit]);

  const fetchPage = useCallback(
    (after: string | null) => {
      const call = ++generation.current;
      const [p, q, l] = JSON.parse(key) as [string | null, Query, number];
      if (!p) {
        setItems([]);
        setCursor(null);
        setLoading(null);
        return;
      }
      const append = after !== null;
      setLoading(append ? 'more' : 'first');
      setError(null);
      (async () => {
        let next = after;
        const found: T[] = [];
        for (let i = 0; i < MAX_PAGES_PER_LOAD; i++) {
          const page = await api.get<Page<T>>(p, { ...q, limit: l, cursor: next ?? undefined });
          found.push(...page.items.filter((item) => keepRef.current?.(item) ?? true));
          next = page.nextCursor;
          if (!keepRef.current || found.length > 0 || !next) break;
        }
        return { found, next };
      })().then(
        ({ found, next }) => {
          if (call !== generation.current) return;
          setItems((old) => (append ? appendNew(old, found) : found));
          setCursor(next);
          setLoading(null);
        },
        (err) => {
          if (call !== generation.current) return;
          // Rows of an earlier query must not stand under a failed new one.
          if (!append) {
            setItems([]);
            setCursor(null);
          }
          setError(err);
          setLoading(null);
        },
      );
    },
    [key],
  );

  useEffect(() => fetchPage(null), [fetchPage, tick]);

  const list: CursorList<T> = {
    items,
    loading: loading !== null,
    refreshing: loading === 'first',
    error,
    hasMore: cursor !== null,
    loadMore: useCallback(() => cursor && fetchPage(cursor), [cursor, fetchPage]),
    reload: useCallback(() => setTick((t) => t + 1), []),
    replace: useCallback((match: (item: T) => boolean, next: T) => {
      setItems((prev) => prev.map((item) => (match(item) ? next : item)));
    }, []),
  };
  return list;
}

/** Every page of a list that is known to be short (the grids of one community). */
export async function fetchAll<T>(path: string, query: Query = {}, maxPages = 20): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < maxPages; i++) {
    const page: Page<T> = await api.get<Page<T>>(path, { ...query, limit: 100, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  return out;
}
