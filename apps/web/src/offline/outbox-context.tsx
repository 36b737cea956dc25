import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useRef, useState } from 'react';
import { useAuth } from '../auth/auth';
import { flushOutbox, OUTBOX_DELIVERED, type OutboxItem } from './outbox';
import { sendOutboxItem } from './outbox-sender';
import { outboxStore } from './outbox-store';

type NewItem = Pick<OutboxItem, 'kind' | 'summary' | 'body' | 'idempotencyKey' | 'ticketId' | 'photos'>;

interface OutboxState {
  /** the signed-in user's items: pending ones, and conflicts kept until dismissed */
  items: OutboxItem[];
  online: boolean;
  /** keeps an item that could not be sent for now; it goes out with the next round */
  record: (item: NewItem) => Promise<void>;
  dismiss: (id: number) => Promise<void>;
}

const OutboxContext = createContext<OutboxState | null>(null);
/** While something is pending, how often a round is tried even without an `online` event. */
const RETRY_MS = 15_000;

function useOnline(): boolean {
  const [online, setOnline] = useState(() => navigator.onLine);
  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);
  return online;
}

/** 待发送: the phone's outbox (docs/console.md, "Offline"), sent when the network returns. */
export function OutboxProvider({ children }: { children: ReactNode }) {
  const { user } = useAuth();
  const userId = user?.id;
  const online = useOnline();
  const [items, setItems] = useState<OutboxItem[]>([]);
  const flushing = useRef(false);

  const refresh = useCallback(async () => {
    setItems(userId ? await outboxStore.list(userId).catch(() => []) : []);
  }, [userId]);

  const flush = useCallback(async () => {
    if (!userId || flushing.current) return;
    flushing.current = true;
    try {
      const round = () => flushOutbox(outboxStore, userId, sendOutboxItem);
      // One round at a time across the console's tabs too: an item is never sent twice at once.
      const result = navigator.locks ? await navigator.locks.request('gridflow-outbox', round) : await round();
      // What the open page shows may have changed (a claim went through, or lost): it reloads.
      if (result.sent || result.problems) window.dispatchEvent(new Event(OUTBOX_DELIVERED));
    } finally {
      flushing.current = false;
      await refresh();
    }
  }, [userId, refresh]);

  useEffect(() => {
    void refresh().then(flush);
  }, [refresh, flush]);
  useEffect(() => {
    if (online) void flush();
  }, [online, flush]);
  const pending = items.some((i) => i.state === 'pending');
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => void flush(), RETRY_MS);
    return () => clearInterval(timer);
  }, [pending, flush]);

  const record = useCallback(
    async (item: NewItem) => {
      if (!userId) return;
      await outboxStore.add({ ...item, userId, createdAt: new Date().toISOString(), state: 'pending' });
      await refresh();
      if (navigator.onLine) void flush();
    },
    [userId, refresh, flush],
  );
  const dismiss = useCallback(
    async (id: number) => {
      await outboxStore.remove(id);
      await refresh();
    },
    [refresh],
  );

  const value = useMemo(() => ({ items, online, record, dismiss }), [items, online, record, dismiss]);
  return <OutboxContext.Provider value={value}>{children}</OutboxContext.Provider>;
}

export function useOutbox(): OutboxState {
  const state = useContext(OutboxContext);
  if (!state) throw new Error('useOutbox outside OutboxProvider');
  return state;
}
