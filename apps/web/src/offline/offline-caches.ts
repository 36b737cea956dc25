/**
 * The service worker's cache of API answers (vite.config.ts, runtimeCaching). Its entries are
 * keyed by URL only — the bearer token is not part of the key — so they are one user's data:
 * dropped on every sign-in and sign-out, never shown to the next person on the same phone.
 */
export const API_CACHE = 'gridflow-api';

export async function clearApiCache(): Promise<void> {
  if (typeof caches === 'undefined') return;
  await caches.delete(API_CACHE).catch(() => false);
}
