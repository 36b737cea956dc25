import { timingSafeEqual } from 'node:crypto';
import type { AppConfig } from '@gridflow/config';

export type MetricsVerdict = 'serve' | 'unauthenticated' | 'not-found';

/**
 * Who may scrape /metrics (API.md "Operations in production"): with METRICS_TOKEN set, only
 * `Authorization: Bearer <METRICS_TOKEN>`; otherwise anyone outside production, and no one in
 * production (404: the endpoint is not there). `port` says which listener asked: with
 * METRICS_PORT set, the main port never serves it.
 */
export function metricsAccess(
  config: Pick<AppConfig, 'metricsToken' | 'metricsPort' | 'isProduction'>,
  authorization: string | undefined,
  port: 'main' | 'internal',
): MetricsVerdict {
  if (port === 'main' && config.metricsPort !== null) return 'not-found';
  if (config.metricsToken !== null) {
    return bearerMatches(authorization, config.metricsToken) ? 'serve' : 'unauthenticated';
  }
  if (port === 'internal') return 'serve';
  return config.isProduction ? 'not-found' : 'serve';
}

function bearerMatches(header: string | undefined, token: string): boolean {
  const given = /^Bearer (\S+)$/.exec(header ?? '')?.[1];
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}
