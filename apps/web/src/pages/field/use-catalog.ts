import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { CatalogCategory, CatalogItem } from '../../api/types';

export interface Catalog {
  categories: CatalogCategory[];
  item: (code: string) => CatalogItem | undefined;
  /** the item's name, or its code when the item is no longer listed (retired) */
  name: (code: string) => string;
}

// The admitted list changes rarely (an admin's approval): one fetch serves every screen for a while.
const TTL_MS = 5 * 60_000;
let cached: { at: number; promise: Promise<CatalogCategory[]> } | null = null;

function loadCatalog(): Promise<CatalogCategory[]> {
  if (!cached || Date.now() - cached.at > TTL_MS) {
    const promise = api.get<CatalogCategory[]>('/catalog');
    cached = { at: Date.now(), promise };
    promise.catch(() => {
      if (cached?.promise === promise) cached = null;
    });
  }
  return cached.promise;
}

function indexOf(categories: CatalogCategory[]): Catalog {
  const byCode = new Map(categories.flatMap((c) => c.items.map((i) => [i.code, i] as const)));
  return {
    categories,
    item: (code) => byCode.get(code),
    name: (code) => byCode.get(code)?.name ?? code,
  };
}

/** GET /catalog (active items by category), shared by the field screens and the ticket page. */
export function useCatalog(): { catalog: Catalog | null; error: unknown; reload: () => void } {
  const [state, setState] = useState<{ catalog: Catalog | null; error: unknown }>({ catalog: null, error: null });
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    loadCatalog().then(
      (categories) => live && setState({ catalog: indexOf(categories), error: null }),
      (error) => live && setState({ catalog: null, error }),
    );
    return () => {
      live = false;
    };
  }, [tick]);
  return { ...state, reload: () => setTick((t) => t + 1) };
}
