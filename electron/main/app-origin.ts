import { app } from 'electron';
import { chooseRendererEntry, type RendererEntry } from '../core/shell/renderer-entry';

/**
 * Where the renderer lives. One place for the spelling, because the protocol handler, the window,
 * the permission handlers and the IPC sender check must all agree on it: a mismatch would fail
 * closed (no camera, every call FORBIDDEN_SENDER), which is safe but baffling.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'facegate';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

let chosen: RendererEntry | undefined;

/**
 * The page the window loads and the one origin everything trusts: app://facegate, or under
 * `npm run dev` (never when packaged) the Vite dev server that electron-vite names in
 * ELECTRON_RENDERER_URL. Decided once, so the window and every check see the same answer.
 */
export function rendererEntry(): RendererEntry {
  chosen ??= chooseRendererEntry({
    packaged: app.isPackaged,
    devServerUrl: process.env.ELECTRON_RENDERER_URL,
    appEntryUrl: APP_ENTRY_URL,
  });
  return chosen;
}
