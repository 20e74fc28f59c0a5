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
