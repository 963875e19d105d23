// The viewer's bundle: everything (Leaflet, proj4, fonts = system fonts) is bundled into dist/, so the page
// works without internet. `npm run dev` proxies the API and tiles to a running `waternet serve` on :8080.
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  build: { outDir: 'dist', emptyOutDir: true, assetsInlineLimit: 0, sourcemap: false },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/tiles': 'http://127.0.0.1:8080',
      '/partner/reports': 'http://127.0.0.1:8080',
    },
  },
});
