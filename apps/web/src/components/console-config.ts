import { useEffect, useState } from 'react';
import { api } from '../api/client';

/** Deployment settings the console reads at start (GET /public/console-config). */
export interface ConsoleConfig {
  tileUrl: string | null;
  tileAttribution: string | null;
  tileSubdomains: string | null;
  /** where residents reach the public pages (PUBLIC_BASE_URL); null: this console's own origin */
  publicBaseUrl: string | null;
}

let cached: Promise<ConsoleConfig> | null = null;

export function useConsoleConfig(): ConsoleConfig | null {
  const [config, setConfig] = useState<ConsoleConfig | null>(null);
  useEffect(() => {
    cached ??= api
      .get<ConsoleConfig>('/public/console-config', undefined, { anonymous: true })
      .catch(() => ({ tileUrl: null, tileAttribution: null, tileSubdomains: null, publicBaseUrl: null }));
    let live = true;
    cached.then((c) => live && setConfig(c));
    return () => {
      live = false;
    };
  }, []);
  return config;
}
