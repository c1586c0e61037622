import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // No modulepreload polyfill: without native support a browser only skips the preload hint (Safari < 17,
  // Firefox < 115); the 0.4 kB gzip it cost every page pays for the social chunk's routes (issue 18).
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, target: 'es2022', chunkSizeWarningLimit: 1800, modulePreload: { polyfill: false } },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:2567',
      '/matchmake': 'http://127.0.0.1:2567',
      '/healthz': 'http://127.0.0.1:2567',
    },
  },
});
