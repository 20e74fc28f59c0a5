import { defineConfig } from 'vite';

// The command-line tool and Node host, built for plain Node into out/cli. Dependencies stay external
// (resolved from node_modules at run time), so native modules load their Node build.
export default defineConfig({
  build: {
    ssr: 'electron/cli/run.ts',
    outDir: 'out/cli',
    target: 'node20',
    emptyOutDir: true,
    sourcemap: true,
    rollupOptions: { output: { entryFileNames: 'run.js', format: 'es' } },
  },
});
