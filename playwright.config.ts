import { defineConfig } from '@playwright/test';

// Browser tests: the built renderer in Debian's Chromium (/usr/bin/chromium) with a fake camera, the
// core services in the test process. Each spec launches its own browser through the Node host
// (electron/cli/kiosk-host.ts) because each needs its own camera file. Electron specs live in
// test/e2e/electron and skip, saying why, where no Electron binary exists.
export default defineConfig({
  testDir: 'test/e2e',
  testMatch: '**/*.spec.ts',
  timeout: 120_000,
  expect: { timeout: 60_000 },
  // Human on the wasm backend takes most of a core; two browsers at once on a 2-core box starve each other.
  workers: 1,
  fullyParallel: false,
  retries: 0,
  reporter: 'list',
  outputDir: 'test-results/playwright',
});
