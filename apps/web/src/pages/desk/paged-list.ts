import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../../api/client';
import type { Page } from '../../api/types';

export interface PagedList<T> {
  items: T[];
  /** any page is loading */
  loading: boolean;
  /** the first page is loading (a new query or a reload): the table shows it */
  refreshing: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * A keyset-paged list (`{items, nextCursor}`): the first page whenever the query changes,
 * further pages appended by `loadMore`. An answer to an older query is dropped.
 */
export function usePagedList<T>(path: string, query: Query, limit = 50): PagedList<T> {
  const [items, setItems] = useState<T[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState<'first' | 'more' | null>('first');
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const generation = useRef(0);
  const key = JSON.stringify([path, query, limit]);

  const fetchPage = useCallback(
    (after: string | null, append: boolean) => {
      const call = ++generation.current;
      setLoading(append ? 'more' : 'first');
      const [p, q, l] = JSON.parse(key) as [string, Query, number];
      api.get<Page<T>>(p, { ...q, limit: l, cursor: after ?? undefined }).then(
        (page) => {
          if (call !== generation.current) return;
          setItems((old) => (append ? [...old, ...page.items] : page.items));
          setCursor(page.nextCursor);
          setError(null);
          setLoading(null);
        },
        (err) => {
          if (call !== generation.current) return;
          setError(err);
          setLoading(null);
        },
      );
    },
    [key],
  );

  useEffect(() => fetchPage(null, false), [fetchPage, tick]);

  return {
    items,
    loading: loading !== null,
    refreshing: loading === 'first',
    error,
    hasMore: cursor !== null,
    loadMore: useCallback(() => cursor && fetchPage(cursor, true), [cursor, fetchPage]),
    reload: useCallback(() => setTick((t) => t + 1), []),
  };
}
