import { useEffect, useState } from 'react';
import { api } from '../../api/client';
import type { Grid } from '../../api/types';
import { fetchAll } from '../../components/use-cursor-list';

/** A wide scope (a township or more) has too many grids to draw: past this many, pick from the list. */
const MAX_DRAWN = 40;
/** The list stops at 500 grids (pages of 100). */
const MAX_LISTED_PAGES = 5;

export interface ScopeGrids {
  /** active grids of the scope, by code */
  grids: Grid[];
  /** those whose boundary was fetched, for the map */
  drawn: Grid[];
  loading: boolean;
  error: unknown;
}

/**
 * The active grids under an org code (GET /grids?parentCode=), with their boundaries (the list
 * leaves them out: GET /grids/:code each) so the map can show where a tap lands.
 */
export function useScopeGrids(parentCode: string): ScopeGrids {
  const [state, setState] = useState<ScopeGrids>({ grids: [], drawn: [], loading: true, error: null });
  useEffect(() => {
    let live = true;
    (async () => {
      const grids = await fetchAll<Grid>('/grids', { parentCode, status: 'active' }, MAX_LISTED_PAGES);
      if (live) setState({ grids, drawn: [], loading: grids.length > 0 && grids.length <= MAX_DRAWN, error: null });
      if (grids.length > MAX_DRAWN) return;
      const drawn = await Promise.all(grids.map((g) => api.get<Grid>(`/grids/${g.code}`)));
      if (live) setState({ grids, drawn, loading: false, error: null });
    })().catch((error) => live && setState((s) => ({ ...s, loading: false, error })));
    return () => {
      live = false;
    };
  }, [parentCode]);
  return state;
}
