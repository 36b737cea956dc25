import { fileURLToPath } from 'node:url';
import { constants as zlibConstants } from 'node:zlib';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { compression, defineAlgorithm } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));
const domain = fileURLToPath(new URL('../../libs/domain/src/', import.meta.url));
// The API the dev server forwards to (`npm run dev:web` next to `npm run demo`).
const api = process.env.GRIDFLOW_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [
    react(),
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
