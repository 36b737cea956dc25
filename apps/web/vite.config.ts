import { fileURLToPath } from 'node:url';
import { constants as zlibConstants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';
import { VitePWA } from 'vite-plugin-pwa';
import { BRAND_RED } from './src/theme.ts';
import { API_CACHE } from './src/offline/offline-caches.ts';

const root = fileURLToPath(new URL('.', import.meta.url));
const domain = fileURLToPath(new URL('../../libs/domain/src/', import.meta.url));
// The API the dev server forwards to (`npm run dev:web` next to `npm run demo`).
const api = process.env.GRIDFLOW_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
    // 网格通 on the phone (docs/console.md, "Offline"): installable, the shell precached, the
    // GET answers the pages read kept NetworkFirst so a phone without signal still shows them.
    VitePWA({
      injectRegister: false, // main.tsx registers it (no inline script under the CSP)
      registerType: 'autoUpdate',
      manifest: {
        name: '网格通 GridFlow',
        short_name: '网格通',
        description: '网格化服务管理：点单、派单、接单、办结',
        lang: 'zh-CN',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        theme_color: BRAND_RED,
        background_color: '#ffffff',
        icons: [
          { src: '/icons/icon-192.png', sizes: '192x192', type: 'image/png' },
          { src: '/icons/icon-512.png', sizes: '512x512', type: 'image/png' },
          { src: '/icons/maskable-512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      workbox: {
        // The console's code (hashed, so a new release replaces it whole); not the big chart and
        // map chunks, fetched and kept at runtime by the pages that use them.
        globPatterns: ['**/*.{js,css,html,svg,png}'],
        globIgnores: ['**/echarts-*.js', '**/leaflet-*.js', 'resident.html', '**/main-resident-*.js'],
        maximumFileSizeToCacheInBytes: 3 * 1024 * 1024,
        navigateFallback: '/index.html',
        // The API's own paths and the resident's QR page never get the console's shell.
        navigateFallbackDenylist: [/^\/(api|open311|docs|docs-json|health|metrics|admin\/queues)(\/|$)/, /^\/r\//],
        cleanupOutdatedCaches: true,
        // A new release takes over at once (the console reloads on it), and the first visit is
        // already under the worker: what it reads is kept for the first time without signal.
        skipWaiting: true,
        clientsClaim: true,
        runtimeCaching: [
          {
            urlPattern: ({ url, sameOrigin }) => sameOrigin && url.pathname.startsWith('/assets/'),
            handler: 'CacheFirst',
            options: { cacheName: 'gridflow-assets', expiration: { maxEntries: 200 } },
          },
          {
            // Reads only (a mutation never reaches a cache: runtime caching is for GET), fresh
            // when the network answers within 4 s; files (attachments, .xlsx exports) and the
            // notifications stream (an endless body) are not kept.
            urlPattern: ({ url, request, sameOrigin }) =>
              sameOrigin &&
              url.pathname.startsWith('/api/v1/') &&
              !/^\/api\/v1\/(attachments|public|auth\/login)|\/stream\b|\.\w+$/.test(url.pathname) &&
              !(request.headers.get('accept') ?? '').includes('text/event-stream'),
            handler: 'NetworkFirst',
            method: 'GET',
            options: {
              cacheName: API_CACHE,
              networkTimeoutSeconds: 4,
              expiration: { maxEntries: 300, maxAgeSeconds: 7 * 24 * 3600 },
              cacheableResponse: { statuses: [200] },
            },
          },
        ],
      },
    }),
    // Precompressed beside each asset (x.js.br, x.js.gz): the API sends them as they are
    // (express-static-gzip), no compression work per request. The originals stay for clients
    // that accept neither.
    compression({
      include: /\.(js|mjs|css|html|svg|json|txt)$/,
      threshold: 0,
      algorithms: [
        defineAlgorithm('brotliCompress', { params: { [zlibConstants.BROTLI_PARAM_QUALITY]: 11 } }),
        defineAlgorithm('gzip', { level: 9 }),
      ],
    }),
  ],
  resolve: {
    // The console shares the pure domain rules (state machine, labels, org codes) with the API.
    alias: [{ find: /^@gridflow\/domain\/(.*)$/, replacement: `${domain}$1.ts` }],
  },
  build: {
    // `npm run build:web` writes what the API serves (dist/web); the tests build into
    // dist-test/web (test/setup/build-web.mjs passes --outDir) so they never replace it.
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      // Two pages: the console (index.html) and the resident's QR page (resident.html, served
      // for /r/:gridCode): React and the request form only, antd later and only for photos.
      input: { index: `${root}index.html`, resident: `${root}resident.html` },
      output: {
        // Big, rarely changing libraries in chunks of their own so they stay cached across releases;
        // antd is split by what each route imports (one antd chunk would be 360 KB brotli on every page).
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'leaflet', test: /node_modules[\\/]leaflet/ },
          ],
        },
      },
    },
  },
  server: {
    port: 5173,
    proxy: { '/api': { target: api, changeOrigin: true }, '/docs': api, '/health': api },
  },
});
