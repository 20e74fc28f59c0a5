import { join } from 'node:path';
import { app, BrowserWindow, Menu } from 'electron';
import { kioskWindowMode, kioskWindowOptions } from '../core/shell/window-options';
import { rendererEntry } from './app-origin';

/** FACEGATE_WINDOWED=1: an ordinary window, for development and the _electron test (kiosk mode grabs the screen). */
export const isWindowed = (): boolean => kioskWindowMode(process.env, app.isPackaged).windowed;

export function createKioskWindow(): BrowserWindow {
  const mode = kioskWindowMode(process.env, app.isPackaged);
  // No menu: its accelerators (reload, zoom, devtools, quit) would be ways out of the kiosk, and the
  // hidden menu bar pops up on Alt.
  Menu.setApplicationMenu(null);
  const win = new BrowserWindow(kioskWindowOptions(mode, join(app.getAppPath(), 'out', 'preload', 'index.cjs')));
  // The chords that open them are blocked, so a developer who asked for devtools gets them opened.
  if (mode.devTools) win.webContents.openDevTools({ mode: 'detach' });
  const entry = rendererEntry();
  // Said where a developer who set it is looking; a packaged kiosk has no reason to see it set.
  if (entry.ignored) console.warn(`facegate: ${entry.ignored}`);
  void win.loadURL(entry.url);
  return win;
}
