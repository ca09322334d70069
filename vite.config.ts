import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { resolve } from 'node:path';

// The four React front ends, one multi-page build into dist/renderer (served by the central service
// and, for the kiosk, by the kiosk host).
const root = resolve(import.meta.dirname, 'renderer');

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: {
    outDir: resolve(import.meta.dirname, 'dist/renderer'),
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: {
      input: {
        kiosk: resolve(root, 'kiosk/index.html'),
        console: resolve(root, 'console/index.html'),
        display: resolve(root, 'display/index.html'),
        dashboard: resolve(root, 'dashboard/index.html'),
        admin: resolve(root, 'admin/index.html'),
      },
    },
  },
});
