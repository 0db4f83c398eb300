import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';

// Tauri loads ui/dist from disk, so every asset URL must be relative.
export default defineConfig({
  base: './',
  plugins: [svelte(), svelteTesting()],
  // Component tests need Svelte's browser build, not its server build.
  resolve: process.env.VITEST ? { conditions: ['browser'] } : undefined,
  clearScreen: false,
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2021',
    // One small app: no module-preload polyfill (it would be an extra script for the CSP).
    modulePreload: false,
  },
  test: {
    environment: 'jsdom',
    include: ['tests/unit/**/*.test.ts'],
    setupFiles: ['tests/unit/setup.ts'],
    testTimeout: 10_000,
    // The English detector (tests/i18n/english.mjs, shared with the flows and the e2e tests)
    // finds its word list with `new URL(…, import.meta.url)`, which Vite would rewrite into a
    // served address: Node imports it as it is.
    server: { deps: { external: [/\/tests\/i18n\//] } },
  },
});
