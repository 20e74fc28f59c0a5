import { join, resolve, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveStaticPath } from '../../../electron/core/static-path';

const root = resolve('/srv/facegate/out/renderer');

describe('resolveStaticPath', () => {
  it('maps a URL path onto a file under the root', () => {
    expect(resolveStaticPath(root, '/index.html')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/assets/app-1234.js')).toBe(join(root, 'assets', 'app-1234.js'));
    expect(resolveStaticPath(root, '/models/blazeface.bin')).toBe(join(root, 'models', 'blazeface.bin'));
  });

  it('serves index.html for the root and for folders', () => {
    expect(resolveStaticPath(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '')).toBe(join(root, 'index.html'));
    expect(resolveStaticPath(root, '/screens/')).toBe(join(root, 'screens', 'index.html'));
  });

  it('decodes percent-encoded names once', () => {
    expect(resolveStaticPath(root, '/my%20file.json')).toBe(join(root, 'my file.json'));
    // Decoded once, "%252e%252e" is the literal name "%2e%2e", which stays inside the root.
    expect(resolveStaticPath(root, '/%252e%252e/x')).toBe(join(root, '%2e%2e', 'x'));
  });

  it('keeps harmless dot segments inside the root', () => {
    expect(resolveStaticPath(root, '/./assets/./a.js')).toBe(join(root, 'assets', 'a.js'));
  });

  it.each([
    ['parent segment', '/../secret.txt'],
    ['nested parent segment', '/assets/../../etc/passwd'],
    ['trailing parent segment', '/assets/..'],
    ['encoded dots', '/%2e%2e/secret.txt'],
    ['encoded upper-case dots', '/%2E%2E/%2E%2E/etc/passwd'],
    ['encoded slash', '/assets%2f..%2f..%2fetc%2fpasswd'],
    ['backslash', '/..\\secret.txt'],
    ['encoded backslash', '/assets%5c..%5c..%5csecret.txt'],
    ['absolute after the leading slash', '//etc/passwd'],
    ['encoded absolute path', '/%2fetc%2fpasswd'],
    ['windows drive', '/C:/Windows/win.ini'],
    ['encoded windows drive', '/c%3a%5cwindows'],
    ['NUL byte', '/index.html\0.png'],
    ['encoded NUL byte', '/index.html%00.png'],
    ['malformed encoding', '/%E0%A4%A'],
  ])('refuses %s', (_name, pathname) => {
    expect(resolveStaticPath(root, pathname)).toBeNull();
  });

  it('never answers a path outside the root, whatever the input', () => {
    const probes = ['/a/../b', '/a/./../../b', '/%2e/%2e%2e', '/....//x', '/.../x', '/a/b/c/../../d'];
    for (const probe of probes) {
      const result = resolveStaticPath(root, probe);
      if (result !== null) expect(result.startsWith(root + sep)).toBe(true);
    }
  });
});
