import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';

/**
 * A keyset-paginated list (API.md "Lists"): the first page on every change of `path`/`query`,
 * more with `loadMore`. A late answer to an older query never overwrites a newer one.
 */
export function useCursorList<T>(path: string | null, query: Query = {}, limit = 50) {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const call = useRef(0);
  const key = JSON.stringify(query);

  useEffect(() => {
    if (!path) {
      setItems([]);
      setCursor(null);
      return;
    }
    const mine = ++call.current;
    setLoading(true);
    setError(null);
    api.get<Page<T>>(path, { ...JSON.parse(key), limit }).then(
      (page) => {
        if (mine !== call.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setLoading(false);
      },
      (err) => {
        if (mine !== call.current) return;
        setError(err);
        setLoading(false);
      },
    );
  }, [path, key, limit, tick]);

  const loadMore = useCallback(async () => {
    if (!path || !cursor) return;
    const mine = call.current;
    setLoading(true);
    try {
      const page = await api.get<Page<T>>(path, { ...JSON.parse(key), limit, cursor });
      if (mine !== call.current) return;
      setItems((prev) => [...prev, ...page.items]);
      setCursor(page.nextCursor);
    } catch (err) {
      if (mine === call.current) setError(err);
    } finally {
      if (mine === call.current) setLoading(false);
    }
  }, [path, key, limit, cursor]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  /** Puts a changed row in place without refetching. */
  const replace = useCallback((match: (item: T) => boolean, next: T) => {
    setItems((prev) => prev.map((item) => (match(item) ? next : item)));
  }, []);

  return { items, loading, error, hasMore: cursor !== null, loadMore, reload, replace };
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
