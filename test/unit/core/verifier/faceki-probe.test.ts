import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { facekiProbe } from '../../../../electron/core/verifier/faceki-probe';
import { startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { closedPort } from '../../../support/net';

let fake: FakeFaceki;
beforeEach(async () => {
  fake = await startFakeFaceki();
});
afterEach(async () => {
  await fake.close();
});

const probeAt = (tokenUrl: string, over: { clientSecret?: string; timeoutMs?: number } = {}) =>
  facekiProbe({
    tokenUrl,
    clientId: fake.clientId,
    clientSecret: over.clientSecret ?? fake.clientSecret,
    timeoutMs: over.timeoutMs ?? 2_000,
  });

/** Something on the token URL that is not FACEKI: a proxy, a captive portal, a failing gateway. */
async function impostor(
  handle: (res: ServerResponse) => void,
): Promise<{ url: string; hits: () => number; server: Server }> {
  let hits = 0;
  const server = createServer((req, res) => {
    hits += 1;
    if (req.url?.startsWith('/elsewhere')) return res.end('{}');
    handle(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/auth/api/access-token`;
  return { url, hits: () => hits, server };
}

async function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('facekiProbe', () => {
  it('is true when the token endpoint issues a token', async () => {
    expect(await probeAt(fake.tokenUrl)()).toBe(true);
    expect(fake.tokenRequests).toBe(1);
  });

  it('is true when FACEKI refuses the credentials: reachable, and AUTH_FAILED must not hide as offline', async () => {
    expect(await probeAt(fake.tokenUrl, { clientSecret: 'wrong' })()).toBe(true);
    expect(fake.tokenRequests).toBe(0);
  });

  it('is false when nothing listens', async () => {
    expect(await probeAt(`http://127.0.0.1:${await closedPort()}/auth/api/access-token`)()).toBe(false);
  });

  it.each([
    ['a 5xx', (res: ServerResponse) => res.writeHead(503).end('{"message":"down"}')],
    ['a 429', (res: ServerResponse) => res.writeHead(429).end('{"message":"slow down"}')],
    ['a 200 that is not a token', (res: ServerResponse) => res.writeHead(200).end('<html>Sign in to Wi-Fi</html>')],
    ['a 4xx page that is not JSON', (res: ServerResponse) => res.writeHead(403).end('<html>blocked</html>')],
  ])('is false for %s', async (_name, handle) => {
    const { url, server } = await impostor(handle);
    try {
      expect(await probeAt(url)()).toBe(false);
    } finally {
      await stop(server);
    }
  });

  it('does not follow a redirect (a captive portal; the secret is in the query string)', async () => {
    const { url, hits, server } = await impostor((res) => res.writeHead(302, { location: '/elsewhere' }).end());
    try {
      expect(await probeAt(url)()).toBe(false);
      expect(hits()).toBe(1);
    } finally {
      await stop(server);
    }
  });

  it('is false when the answer does not come within timeoutMs', async () => {
    const { url, server } = await impostor(() => undefined); // never answers
    try {
      expect(await probeAt(url, { timeoutMs: 100 })()).toBe(false);
    } finally {
      await stop(server);
    }
  });

  it('refuses a plain-http token URL off loopback before any secret is sent', () => {
    expect(() => probeAt('http://sdk.faceki.com/auth/api/access-token')).toThrow(CodedError);
  });
});
