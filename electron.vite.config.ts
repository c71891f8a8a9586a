import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import type { Plugin } from 'vite';

const root = import.meta.dirname;

/**
 * The renderer's `index.html` carries the production CSP as a `<meta>`. Under
 * `electron-vite dev` Vite needs inline scripts and styles and a socket, so the
 * dev server drops the tag and main sends the dev policy as a header instead.
 * Builds keep the tag untouched.
 */
function devWithoutCspMeta(): Plugin {
  return {
    name: 'motif:dev-without-csp-meta',
    apply: 'serve',
    transformIndexHtml: (html) => html.replace(/<meta\s+http-equiv=["']Content-Security-Policy["'][^>]*>/i, ''),
  };
}

/**
 * `npm run build` → `out/main` (ESM, dependencies left in node_modules — sharp
 * is native), `out/preload/index.cjs` (one CommonJS file importing only
 * `electron`, as sandboxed preloads must be), `out/renderer` (the React app).
 * No step needs the Electron binary.
 */
export default defineConfig({
  main: {
    build: {
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: resolve(root, 'src/main/index.ts') },
        external: ['sharp'],
      },
    },
  },
  preload: {
    build: {
      // Bundle everything: a sandboxed preload can require nothing but `electron`.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(root, 'src/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(root, 'src/renderer'),
    plugins: [react(), devWithoutCspMeta()],
    build: {
      rolldownOptions: { input: resolve(root, 'src/renderer/index.html') },
    },
  },
});
