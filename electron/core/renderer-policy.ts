import { extname } from 'node:path';

/*
 * SECURITY BASELINE: DO NOT CHANGE without a security review (see electron/main/security.ts).
 * One policy for every way the renderer is served (Electron's app:// protocol and the Node host's
 * http server), so the tests and the simulator run the kiosk under the same rules as the kiosk.
 */

/**
 * Sent with every renderer response. 'wasm-unsafe-eval' and blob: workers are what Human's wasm
 * backend needs (PLATFORM.md); mediastream: is the camera; nothing may be fetched from elsewhere.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  // No plugins at all, not even our own ('self' from default-src would allow them). The other three
  // do not fall back to default-src: without them a page could rebase its relative URLs, post a
  // form elsewhere, or be framed by another page.
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  // WebAssembly.instantiateStreaming refuses anything but application/wasm.
  '.wasm': 'application/wasm',
  '.bin': 'application/octet-stream',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
};

export function contentTypeFor(path: string): string {
  return CONTENT_TYPES[extname(path).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers every renderer file is served with, besides its content type and length. */
export const RENDERER_HEADERS = {
  'content-security-policy': CONTENT_SECURITY_POLICY,
  'x-content-type-options': 'nosniff',
} as const;
