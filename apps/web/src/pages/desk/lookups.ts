import { useMemo } from 'react';
import { api } from '../../api/client';
import type { CatalogCategory } from '../../api/types';
import { useApi } from '../../components/use-api';
import { fetchAll } from '../../components/use-cursor-list';

export interface GridSummary {
  code: string;
  name: string;
  type: string;
  status: string;
}

/** Enough pages of grids for a township; a wider scope shows codes for the rest. */
const MAX_GRID_PAGES = 5;

async function gridsUnder(parentCode: string): Promise<GridSummary[]> {
  const all = await fetchAll<GridSummary>('/grids', { parentCode }, MAX_GRID_PAGES);
  return all.sort((a, b) => a.code.localeCompare(b.code));
}

export interface Lookups {
  catalog: CatalogCategory[];
  grids: GridSummary[];
  itemName: (code: string) => string;
  /** null: an unlocated ticket still waiting for its grid */
  gridName: (code: string | null) => string;
  error: unknown;
  reload: () => void;
}

/** Names for the codes on tickets (事项, 网格), and the options of the filters. */
export function useLookups(scopeCode: string): Lookups {
  const {
    data: catalog,
    error: catalogError,
    reload: reloadCatalog,
  } = useApi(() => api.get<CatalogCategory[]>('/catalog'), []);
  const { data: grids, error: gridsError, reload: reloadGrids } = useApi(() => gridsUnder(scopeCode), [scopeCode]);
  return useMemo(() => {
    const items = new Map((catalog ?? []).flatMap((c) => c.items.map((i) => [i.code, i.name] as const)));
    const gridNames = new Map((grids ?? []).map((g) => [g.code, g.name]));
    return {
      catalog: catalog ?? [],
      grids: grids ?? [],
      itemName: (code: string) => items.get(code) ?? code,
      gridName: (code: string | null) => (code === null ? '待定位' : (gridNames.get(code) ?? code)),
      error: catalogError ?? gridsError,
      reload: () => {
        reloadCatalog();
        reloadGrids();
      },
    };
  }, [catalog, grids, catalogError, gridsError, reloadCatalog, reloadGrids]);
}
