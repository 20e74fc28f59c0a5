import { kioskWindowOptions, type KioskWindowMode } from './window-options';

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page shown when reloading the renderer stopped helping: a data: URL, so it needs nothing from
 * the renderer build, the app:// protocol or the preload, any of which may be what is broken.
 */
export function faultPageUrl(reason: string): string {
  const html =
    '<!doctype html><meta charset="utf-8"><title>facegate</title>' +
    '<body style="background:#000;color:#eee;font:28px sans-serif;display:grid;place-items:center;height:100vh;margin:0">' +
    `<div><h1>Out of order</h1><p>Please use another entrance.</p><p style="font-size:16px;color:#888">${escapeHtml(reason)}</p></div>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

/** The line the fault page shows for an error: its code when it has one, and its message, short. */
export function faultReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const text = typeof code === 'string' && !message.startsWith(code) ? `${code}: ${message}` : message;
  return text.length > 300 ? `${text.slice(0, 299)}…` : text;
}

/**
 * The window for a kiosk that could not start: the kiosk window's options without the preload,
 * which has nothing to talk to and is one more thing that could be what is broken.
 */
export function faultWindowOptions(mode: KioskWindowMode) {
  const options = kioskWindowOptions(mode, '');
  const { preload: _preload, ...webPreferences } = options.webPreferences;
  return { ...options, webPreferences };
}
