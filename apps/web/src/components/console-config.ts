import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** One map layer of the deployment (WEB_TILE_LAYERS): a base map or an overlay such as labels. */
export interface TileLayerConfig {
  name: string;
  kind: 'base' | 'overlay';
  url: string;
  subdomains: string | null;
  attribution: string | null;
}

/** Deployment settings the console reads at start (GET /public/console-config). */
export interface ConsoleConfig {
  /** empty: no tiles, grid polygons on a blank map */
  tileLayers: TileLayerConfig[];
  /** where residents reach the public pages (PUBLIC_BASE_URL); null: this console's own origin */
  publicBaseUrl: string | null;
}

const NONE: ConsoleConfig = { tileLayers: [], publicBaseUrl: null };

let cached: Promise<ConsoleConfig> | null = null;

export function useConsoleConfig(): ConsoleConfig | null {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  useEffect(() => {
    cached ??= api
      .get<ConsoleConfig>('/public/console-config', undefined, { anonymous: true })
      .then((c) => ({ tileLayers: c.tileLayers ?? [], publicBaseUrl: c.publicBaseUrl ?? null }))
      .catch(() => NONE);
    let live = true;
    cached.then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
