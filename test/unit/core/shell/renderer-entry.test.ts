import { describe, expect, it } from 'vitest';
import config from '../../../../electron.vite.config';
import { RENDERER_HEADERS } from '../../../../electron/core/renderer-policy';
import { chooseRendererEntry } from '../../../../electron/core/shell/renderer-entry';

const APP_ENTRY = 'app://facegate/index.html';
const BUILT = { url: APP_ENTRY, origin: 'app://facegate', devServer: false };

const choose = (packaged: boolean, devServerUrl?: string) =>
  chooseRendererEntry({ packaged, devServerUrl, appEntryUrl: APP_ENTRY });

describe('chooseRendererEntry', () => {
  it('loads the built renderer over app:// when no dev server is named', () => {
    expect(choose(false)).toEqual(BUILT);
    expect(choose(false, '')).toEqual(BUILT);
    expect(choose(true)).toEqual(BUILT);
  });

  it("loads electron-vite's dev server in development, and trusts its origin instead of app://", () => {
    expect(choose(false, 'http://localhost:5173')).toEqual({
      url: 'http://localhost:5173/',
      origin: 'http://localhost:5173',
      devServer: true,
    });
    expect(choose(false, 'http://127.0.0.1:5174').origin).toBe('http://127.0.0.1:5174');
    expect(choose(false, 'http://[::1]:5173').origin).toBe('http://[::1]:5173');
  });

  it('never lets the environment choose the page of a packaged kiosk', () => {
    const entry = choose(true, 'http://localhost:5173');
    expect(entry).toMatchObject(BUILT);
    expect(entry.ignored).toMatch(/^ELECTRON_RENDERER_URL is ignored in a packaged app/);
  });

  it.each([
    ['another host', 'http://192.168.1.20:5173'],
    ['a host that only starts like localhost', 'http://localhost.evil.example:5173'],
    ['a name that resolves anywhere', 'http://devbox:5173'],
    ['https (electron-vite serves http)', 'https://localhost:5173'],
    ['a file page', 'file:///tmp/index.html'],
    ['another scheme', 'app://facegate/index.html'],
    ['credentials in the URL', 'http://user:secret@localhost:5173'],
    ['no URL at all', 'localhost:5173 please'],
  ])('refuses %s and stays on app://', (_what, url) => {
    const entry = choose(false, url);
    expect(entry).toMatchObject(BUILT);
    expect(entry.ignored).toMatch(/^ELECTRON_RENDERER_URL .* is ignored: /);
    expect(entry.ignored).not.toContain('secret');
  });
});

describe('the dev server (electron.vite.config.ts)', () => {
  const server = config.renderer?.server;

  it('sends the renderer the same security headers as app://, CSP included', () => {
    expect(server?.headers).toEqual(RENDERER_HEADERS);
  });

  it('listens on loopback only, the one kind of URL main will load', () => {
    // Unset, Vite listens on localhost and electron-vite names http://localhost:<port>.
    expect(server?.host ?? 'localhost').toMatch(/^(localhost|127\.0\.0\.1)$/);
  });
});
