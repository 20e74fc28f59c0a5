import { isAbsolute, relative, resolve, win32 } from 'node:path';

/**
 * Maps a URL path onto a file under root, or null when the path could reach outside it. Shared by
 * Electron's app:// handler and the Node host's http server, so both refuse the same requests.
 *
 * We refuse rather than normalise: a request for "../x" or "%2e%2e/x" is never a legitimate
 * renderer asset, so answering 404 is safer than silently serving some other file.
 */
export function resolveStaticPath(root: string, urlPathname: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPathname);
  } catch {
    return null; // malformed percent-encoding
  }
  if (decoded.includes('\0')) return null;
  // A backslash is a separator on Windows: "..\\x" must not mean one thing here and another there.
  if (decoded.includes('\\')) return null;
  if (decoded.split('/').some((segment) => segment === '..')) return null;

  // One leading slash is the URL's own; anything still rooted after that ("//etc", "/C:/") is absolute.
  let rel = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  if (isAbsolute(rel) || win32.isAbsolute(rel) || /^[a-zA-Z]:/.test(rel)) return null;
  if (rel === '' || rel.endsWith('/')) rel += 'index.html';

  const base = resolve(root);
  const full = resolve(base, rel);
  const inside = relative(base, full);
  // Belt and braces after the segment check: whatever resolve() did, the result must stay under root.
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) return null;
  return full;
}
