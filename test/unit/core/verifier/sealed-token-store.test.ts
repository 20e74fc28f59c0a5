import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSecretStore } from '../../../../electron/cli/cli-context';
import { FacekiClient } from '../../../../electron/core/verifier/faceki-client';
import { sealedTokenStore } from '../../../../electron/core/verifier/sealed-token-store';
import { clientOptionsFor, startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';

// FACEKI bills each token: a kiosk that restarts (crash, admin save, power cut) reuses the one it
// holds, sealed in the secret store, and never sends it to another account or service.

let dir: string;
let fake: FakeFaceki;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-token-'));
  fake = await startFakeFaceki();
});
afterEach(async () => {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

const client = (clientId = fake.clientId, clientSecret = fake.clientSecret) =>
  new FacekiClient(
    clientOptionsFor(fake, {
      clientId,
      clientSecret,
      timeoutMs: 2_000,
      tokenStore: sealedTokenStore(cliSecretStore(dir), fake.tokenUrl, clientId, clientSecret),
    }),
  );

describe('the sealed token store', () => {
  it('lets a restarted client use the token the last one paid for, sealed on disk', async () => {
    expect(await client().checkToken()).toEqual({ ok: true });
    expect(fake.tokenRequests).toBe(1);
    expect(await client().checkToken()).toEqual({ ok: true });
    expect(fake.tokenRequests).toBe(1);
    const file = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(Object.keys(JSON.parse(file) as object)).toEqual(['accessToken']);
    expect(file).not.toMatch(/eyJ|value|expiresAt/);
  });

  it('never hands a token to another client id: it asks the service (which refuses this one)', async () => {
    await client().checkToken();
    expect(await client('someone-else').checkToken()).toMatchObject({ ok: false, code: 'AUTH_FAILED' });
  });

  it('drops the token when the secret changes: a wrong secret is found out at once', async () => {
    await client().checkToken();
    expect(await client(fake.clientId, 'a-wrong-secret').checkToken()).toMatchObject({
      ok: false,
      code: 'AUTH_FAILED',
    });
  });

  it('replaces a revoked token in the store, so the next client starts with the good one', async () => {
    await client().checkToken();
    fake.revokeTokens();
    // 401 on verify: the client drops the token (and the store's copy), fetches anew, retries once.
    await client().verify(readFixture('obama-1.jpg'), 'image/jpeg');
    expect(fake.tokenRequests).toBe(2);
    const next = fake.verifyRequests.length;
    await client().verify(readFixture('obama-1.jpg'), 'image/jpeg');
    expect(fake.tokenRequests).toBe(2);
    expect(fake.verifyRequests.length).toBe(next + 1);
  });
});
