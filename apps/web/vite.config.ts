import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const domain = fileURLToPath(new URL('../../libs/domain/src/', import.meta.url));
// The API the dev server forwards to (`npm run dev:web` next to `npm run demo`).
const api = process.env.GRIDFLOW_API_URL ?? 'http://localhost:3000';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  resolve: {
    // The console shares the pure domain rules (state machine, labels, org codes) with the API.
    alias: [{ find: /^@gridflow\/domain\/(.*)$/, replacement: `${domain}$1.ts` }],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/web', import.meta.url)),
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    rolldownOptions: {
      output: {
        // Big, rarely changing libraries in chunks of their own so they stay cached across releases.
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)/ },
            { name: 'leaflet', test: /node_modules[\\/]leaflet/ },
            { name: 'antd', test: /node_modules[\\/](antd|@ant-design|rc-|@rc-component)/ },
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
