import { useCallback, useEffect, useRef, useState } from 'react';
import { api, type Query } from '../../api/client';
import type { Page, Ticket } from '../../api/types';

const PAGE_SIZE = 20;
/** Pages fetched in one go when a client-side filter leaves a page empty. */
const MAX_PAGES_PER_LOAD = 5;

export interface TicketPages {
  items: Ticket[];
  loading: boolean;
  error: unknown;
  hasMore: boolean;
  loadMore: () => void;
  reload: () => void;
}

/**
 * GET /tickets with keyset paging ("加载更多"). `keep` filters what the API cannot (e.g. open but
 * not submitted); pages it empties are skipped so that the list never shows a bare "more" button.
 */
export function useTicketPages(query: Query, keep?: (t: Ticket) => boolean): TicketPages {
  const [items, setItems] = useState<Ticket[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  const [tick, setTick] = useState(0);
  const call = useRef(0);
  const key = JSON.stringify(query);
  const keepRef = useRef(keep);
  keepRef.current = keep;

  const fetchFrom = useCallback(
    async (start: string | null) => {
      let next = start;
      const found: Ticket[] = [];
      for (let i = 0; i < MAX_PAGES_PER_LOAD; i++) {
        const page = await api.get<Page<Ticket>>('/tickets', { ...JSON.parse(key), limit: PAGE_SIZE, cursor: next });
        found.push(...page.items.filter((t) => keepRef.current?.(t) ?? true));
        next = page.nextCursor;
        if (found.length > 0 || !next) break;
      }
      return { found, next };
    },
    [key],
  );

  useEffect(() => {
    const mine = ++call.current;
    setLoading(true);
    setError(null);
    fetchFrom(null).then(
      ({ found, next }) => {
        if (mine !== call.current) return;
        setItems(found);
        setCursor(next);
        setLoading(false);
      },
      (e) => {
        if (mine !== call.current) return;
        setItems([]);
        setCursor(null);
        setError(e);
        setLoading(false);
      },
    );
  }, [fetchFrom, tick]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const mine = ++call.current;
    setLoading(true);
    fetchFrom(cursor).then(
      ({ found, next }) => {
        if (mine !== call.current) return;
        setItems((list) => [...list, ...found.filter((t) => !list.some((x) => x.id === t.id))]);
        setCursor(next);
        setLoading(false);
      },
      (e) => {
        if (mine !== call.current) return;
        setError(e);
        setLoading(false);
      },
    );
  }, [cursor, fetchFrom]);

  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { items, loading, error, hasMore: cursor !== null, loadMore, reload };
}
