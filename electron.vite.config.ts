import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'electron-vite';
import { RENDERER_HEADERS } from './electron/core/renderer-policy';

// Absolute paths throughout: vite resolves the renderer's outDir and publicDir against its root
// ('renderer'), electron-vite resolves some against the working directory; spelling them out avoids both traps.
const root = fileURLToPath(new URL('.', import.meta.url));
const at = (...parts: string[]) => resolve(root, ...parts);

export default defineConfig({
  main: {
    build: {
      outDir: at('out/main'),
      // Node modules stay in node_modules: better-sqlite3 loads a native binary by path, serialport
      // its N-API prebuild, pino its worker files; bundling would break all three.
      externalizeDeps: true,
      rolldownOptions: {
        input: { index: at('electron/main/index.ts') },
        output: { format: 'es', entryFileNames: '[name].js' },
      },
    },
  },
  preload: {
    build: {
      outDir: at('out/preload'),
      // A sandboxed preload can require('electron') and little else: everything it uses (the
      // contract, zod) must be inside this one CommonJS file.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: at('electron/preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs', codeSplitting: false },
      },
    },
  },
  renderer: {
    root: at('renderer'),
    base: './',
    // Human's models and the tfjs wasm files are copied here at build time (never fetched from a CDN).
    publicDir: at('resources/vision'),
    // `npm run dev`: main loads this server's page (core/shell/renderer-entry.ts), so it gets the CSP
    // and headers app:// sends. The CSP needs nothing added: 'self' in connect-src already covers the
    // HMR websocket back to the same host and port. Vite listens on localhost by default, the only
    // kind of URL main will load.
    server: { headers: { ...RENDERER_HEADERS } },
    build: {
      outDir: at('out/renderer'),
      emptyOutDir: true,
      rolldownOptions: { input: { index: at('renderer/index.html') } },
    },
  },
});
