import { join } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { APP_ENTRY_URL } from './app-origin';

/** FACEGATE_WINDOWED=1: an ordinary window, for development and the _electron test (kiosk mode grabs the screen). */
export const isWindowed = (): boolean => process.env.FACEGATE_WINDOWED === '1';

export function createKioskWindow(): BrowserWindow {
  const windowed = isWindowed();
  const win = new BrowserWindow({
    ...(windowed ? { width: 1080, height: 800 } : { kiosk: true, fullscreen: true }),
    autoHideMenuBar: true,
    // Black from the first paint, so a reload after a crash does not flash white at the door.
    backgroundColor: '#000000',
    webPreferences: {
      // The sandboxed preload must be one CommonJS file (electron.vite.config.ts builds it so).
      preload: join(app.getAppPath(), 'out', 'preload', 'index.cjs'),
      contextIsolation: true,
      nodeIntegration: false,
      sandbox: true,
      webSecurity: true,
      spellcheck: false,
      devTools: !app.isPackaged,
      // Nobody touches a kiosk: the granted/denied tones must play without a user gesture.
      autoplayPolicy: 'no-user-gesture-required',
    },
  });
  void win.loadURL(APP_ENTRY_URL);
  return win;
}
