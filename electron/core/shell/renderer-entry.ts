/*
 * SECURITY BASELINE: DO NOT CHANGE without a security review (see electron/main/security.ts).
 * Which page the kiosk window loads, and so which origin the IPC sender check, the permission
 * handlers, the download handler and the navigation lock-down trust: exactly one, decided once.
 */

export interface RendererEntry {
  /** What the window loads. */
  url: string;
  /** scheme://host[:port] of that page: the one origin everything else compares against. */
  origin: string;
  /** Vite's dev server (`npm run dev`): it reloads the page itself after an edit. */
  devServer: boolean;
  /** Why ELECTRON_RENDERER_URL was set but not used; for the log. */
  ignored?: string;
}

export interface RendererEntryInput {
  /** app.isPackaged */
  packaged: boolean;
  /** ELECTRON_RENDERER_URL, which `electron-vite dev` sets to its renderer dev server. */
  devServerUrl: string | undefined;
  /** The built renderer, app://facegate/index.html. */
  appEntryUrl: string;
}

// Only this machine: the dev server is the developer's own, and a page from anywhere else would get
// the camera and window.kiosk. Names that only resolve to loopback by configuration (a hosts file)
// are not taken on trust.
const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

const originOf = (url: URL): string => `${url.protocol}//${url.host}`;

/** The reason a dev server URL cannot be used, or null when it can. */
function refusal(url: URL | null): string | null {
  if (url === null) return 'not a URL';
  if (url.protocol !== 'http:') return 'electron-vite serves http://';
  if (!LOOPBACK_HOSTS.has(url.hostname)) return 'only http://localhost, 127.0.0.1 or [::1] is loaded';
  if (url.username || url.password) return 'a dev server URL carries no credentials';
  return null;
}

function parse(text: string): URL | null {
  try {
    return new URL(text);
  } catch {
    return null;
  }
}

/**
 * The built renderer over app:// (always, when packaged), or in development the dev server
 * electron-vite names, so that renderer edits show at once. The packaged check comes first: an
 * installed kiosk never lets its environment choose the page that gets the camera and the door API.
 */
export function chooseRendererEntry({ packaged, devServerUrl, appEntryUrl }: RendererEntryInput): RendererEntry {
  const app = new URL(appEntryUrl);
  const built: RendererEntry = { url: app.href, origin: originOf(app), devServer: false };
  if (!devServerUrl) return built;
  if (packaged) return { ...built, ignored: 'ELECTRON_RENDERER_URL is ignored in a packaged app' };
  const url = parse(devServerUrl);
  const why = refusal(url);
  if (url === null || why !== null) {
    // Named by origin only: a URL with credentials in it must not reach the log.
    const shown = url ? originOf(url) : JSON.stringify(devServerUrl.slice(0, 60));
    return { ...built, ignored: `ELECTRON_RENDERER_URL ${shown} is ignored: ${why ?? 'not a URL'}` };
  }
  return { url: url.href, origin: originOf(url), devServer: true };
}
