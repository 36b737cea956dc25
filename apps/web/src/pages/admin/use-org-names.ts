import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { OrgUnit } from '../../api/types';

const cache = new Map<string, Promise<string>>();

/** Names of org units by code, fetched once per code (for tables that only carry codes). */
export function useOrgNames(codes: readonly string[]): Record<string, string> {
  const [names, setNames] = useState<Record<string, string>>({});
  const key = [...new Set(codes)].sort().join();
  useEffect(() => {
    let live = true;
    for (const code of key.split(',').filter(Boolean)) {
      if (!cache.has(code)) {
        cache.set(
          code,
          api.get<OrgUnit>(`/org-units/${code}`).then(
            (u) => u.name,
            () => {
              cache.delete(code);
              return '';
            },
          ),
        );
      }
      void cache.get(code)!.then((name) => live && name && setNames((prev) => ({ ...prev, [code]: name })));
    }
    return () => {
      live = false;
    };
  }, [key]);
  return names;
}

/** Forget a cached name (after a rename). */
export function forgetOrgName(code: string) {
  cache.delete(code);
}
