import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStaticServer, type StaticServer } from '../../../electron/cli/static-server';
import { CONTENT_SECURITY_POLICY } from '../../../electron/core/renderer-policy';

// The Node host's server must hold the renderer to the same rules as Electron's app:// protocol.
let dir: string;
let server: StaticServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-static-'));
  mkdirSync(join(dir, 'site', 'wasm'), { recursive: true });
  writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>k</title>');
  writeFileSync(join(dir, 'site', 'wasm', 'x.wasm'), Buffer.from([0, 0x61, 0x73, 0x6d]));
  writeFileSync(join(dir, 'secret.txt'), 'not for the page');
  server = await startStaticServer(join(dir, 'site'));
});

afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('startStaticServer', () => {
  it('listens on loopback only', () => {
    expect(server.origin).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the page with the kiosk CSP and nosniff', async () => {
    const response = await fetch(`${server.origin}/`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('serves .wasm as application/wasm (instantiateStreaming needs it)', async () => {
    const response = await fetch(`${server.origin}/wasm/x.wasm`);
    expect(response.headers.get('content-type')).toBe('application/wasm');
    expect(new Uint8Array(await response.arrayBuffer())).toEqual(new Uint8Array([0, 0x61, 0x73, 0x6d]));
  });

  it.each(['/%2e%2e/secret.txt', '/wasm/%2e%2e/%2e%2e/secret.txt', '/..%5csecret.txt', '/missing.js'])(
    'answers 404 for %s',
    async (path) => {
      const response = await fetch(`${server.origin}${path}`);
      expect(response.status).toBe(404);
      expect(await response.text()).not.toContain('not for the page');
    },
  );

  it('refuses anything but GET', async () => {
    expect((await fetch(`${server.origin}/index.html`, { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
