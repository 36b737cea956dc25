import { useCallback, useEffect, useMemo, useState } from 'react';
import { levelOf, type OrgLevel } from '@gridflow/domain/org-code';
import { api } from '../../api/client';
import type { OrgUnit } from '../../api/types';

export interface OrgNode {
  code: string;
  name: string;
  level: OrgLevel;
  /** null for the root of the tree (the admin's scope), whatever its real parent */
  parentCode: string | null;
  /** its children have been fetched */
  loaded: boolean;
}

/**
 * The org tree below `rootCode`, fetched one level at a time (GET /org-units/:code answers a
 * unit with its children). A city has thousands of grids: never fetch the whole tree.
 */
export function useOrgTree(rootCode: string) {
  const [nodes, setNodes] = useState<Map<string, OrgNode>>(() => new Map());
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(
    async (code: string) => {
      const unit = await api.get<OrgUnit>(`/org-units/${code}`);
      setNodes((prev) => {
        const next = new Map(prev);
        next.set(code, {
          code,
          name: unit.name,
          level: unit.level as OrgLevel,
          parentCode: code === rootCode ? null : unit.parentCode,
          loaded: true,
        });
        const kept = new Set(unit.children.map((c) => c.code));
        for (const n of prev.values()) if (n.parentCode === code && !kept.has(n.code)) next.delete(n.code);
        for (const c of unit.children) {
          next.set(c.code, {
            code: c.code,
            name: c.name,
            level: c.level as OrgLevel,
            parentCode: code,
            loaded: prev.get(c.code)?.loaded ?? false,
          });
        }
        return next;
      });
      return unit;
    },
    [rootCode],
  );

  useEffect(() => {
    setNodes(new Map());
    setError(null);
    load(rootCode).catch(setError);
  }, [rootCode, load]);

  /** Loads every unit between the root and `code` so that `code` shows in the tree. */
  const reveal = useCallback(
    async (code: string) => {
      const level = levelOf(code);
      if (!level || !code.startsWith(rootCode) || code === rootCode) return;
      const chain: string[] = [];
      for (const len of [4, 6, 9, 12]) if (len > rootCode.length && len < code.length) chain.push(code.slice(0, len));
      for (const c of chain) await load(c).catch(() => undefined);
    },
    [load, rootCode],
  );

  const childrenOf = useCallback(
    (code: string | null) =>
      [...nodes.values()].filter((n) => n.parentCode === code).sort((a, b) => a.code.localeCompare(b.code)),
    [nodes],
  );

  const loadedKeys = useMemo(() => [...nodes.values()].filter((n) => n.loaded).map((n) => n.code), [nodes]);

  return { nodes, error, load, reveal, childrenOf, loadedKeys, root: nodes.get(rootCode) };
}
