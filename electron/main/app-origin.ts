/**
 * Where the renderer lives. One place for the spelling, because the protocol handler, the window,
 * the permission handlers and the IPC sender check must all agree on it: a mismatch would fail
 * closed (no camera, every call FORBIDDEN_SENDER), which is safe but baffling.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'facegate';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
