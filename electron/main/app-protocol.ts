import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { app, protocol } from 'electron';
import { resolveStaticPath } from '../core/static-path';
import { APP_HOST, APP_SCHEME } from './app-origin';
import { contentTypeFor, RENDERER_HEADERS } from '../core/renderer-policy';

/**
 * The renderer is served from app://facegate/ rather than file://: file pages cannot fetch their
 * own models and wasm (CORS, PLATFORM.md), and a real origin is what the IPC sender check, the CSP
 * and the permission handlers key on.
 */

/** Before ready: the scheme must be privileged before any session exists. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } },
  ]);
}

/** The built renderer: out/renderer inside the app (or the asar when packaged). */
export const rendererRoot = (): string => join(app.getAppPath(), 'out', 'renderer');

function answer(status: number, text: string): Response {
  return new Response(text, { status, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}

/** After ready: serve files from the renderer root, with the security headers on every answer. */
export function serveRenderer(root = rendererRoot()): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST) return answer(404, 'unknown host');
    if (request.method !== 'GET' && request.method !== 'HEAD') return answer(405, 'method not allowed');
    const file = resolveStaticPath(root, url.pathname);
    if (file === null) return answer(403, 'forbidden path');
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      // Missing file, folder, unreadable: the page sees a plain 404, the details stay here.
      return answer(404, 'not found');
    }
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        ...RENDERER_HEADERS,
      },
    });
  });
}
