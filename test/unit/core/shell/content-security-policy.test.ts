import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY, RENDERER_HEADERS } from '../../../../electron/core/renderer-policy';

/** directive -> its sources, as a browser splits the header. */
function directives(policy: string): Map<string, string[]> {
  const map = new Map<string, string[]>();
  for (const part of policy.split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) map.set(name.toLowerCase(), sources);
  }
  return map;
}

const csp = directives(CONTENT_SECURITY_POLICY);
const sources = (name: string): string[] => {
  const found = csp.get(name);
  if (!found) throw new Error(`the CSP has no ${name}`);
  return found;
};

describe('CONTENT_SECURITY_POLICY', () => {
  it("falls back to 'self' for everything it does not name", () => {
    expect(sources('default-src')).toEqual(["'self'"]);
  });

  it('runs our scripts and wasm, and no eval or inline script', () => {
    expect(sources('script-src')).toEqual(["'self'", "'wasm-unsafe-eval'"]);
    expect(sources('script-src')).not.toContain("'unsafe-eval'");
    expect(sources('script-src')).not.toContain("'unsafe-inline'");
  });

  it('has nothing for plugins, <base>, forms or framing by another page', () => {
    expect(sources('object-src')).toEqual(["'none'"]);
    expect(sources('base-uri')).toEqual(["'none'"]);
    expect(sources('form-action')).toEqual(["'none'"]);
    expect(sources('frame-ancestors')).toEqual(["'none'"]);
  });

  it('connects to nothing but our own origin', () => {
    expect(sources('connect-src')).toEqual(["'self'"]);
  });

  it('allows no remote source in any directive', () => {
    for (const [name, list] of csp) {
      for (const source of list) {
        expect(source, `${name} ${source}`).toMatch(
          /^('self'|'none'|'wasm-unsafe-eval'|'unsafe-inline'|blob:|data:|mediastream:)$/,
        );
      }
    }
    // 'unsafe-inline' is for styles only (the UI sets element styles); never for scripts.
    expect([...csp].filter(([, list]) => list.includes("'unsafe-inline'")).map(([name]) => name)).toEqual([
      'style-src',
    ]);
  });

  it('names each directive once (a browser ignores the repeats)', () => {
    const names = CONTENT_SECURITY_POLICY.split(';').map((part) => part.trim().split(/\s+/)[0]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('is sent with every renderer response', () => {
    expect(RENDERER_HEADERS['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  });
});
