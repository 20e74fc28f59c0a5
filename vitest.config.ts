import { defineConfig } from 'vitest/config';

// Unit and integration tests for common/, core/, cli/ and the renderer's pure vision code, under Node.
// Playwright (test/e2e) covers the real browser; see playwright.config.ts.
export default defineConfig({
  test: {
    environment: 'node',
    include: ['test/unit/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Tests open real SQLite files, sockets and PTYs: run files one after another on this 2-core box.
    fileParallelism: false,
    // electron-store imports 'electron'; inlined, it sees the vi.mock('electron') of the test that loads it.
    server: { deps: { inline: ['electron-store'] } },
  },
});
