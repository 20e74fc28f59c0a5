import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type SettingsInput } from '../../../electron/common/settings';
import { FaceEmbedder } from '../../../electron/core/face/face-embedder';
import { enrolLocal } from '../../../electron/core/gallery/enrolment';
import { createKioskServices, type KioskServices } from '../../../electron/core/kiosk-services';
import { createLogger } from '../../../electron/core/logger';
import { NoRelay } from '../../../electron/core/relay/door-relay';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { HybridVerifier } from '../../../electron/core/verifier/hybrid-verifier';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';

// Which verifier the services build (settings verifier.mode, else the default for the credentials
// at hand), driven through the access controller, with what each attempt row says about it.

const FAST_RETRY = { maxAttempts: 1, baseDelayMs: 0, maxDelayMs: 0, deadlineMs: 20_000, breakerThreshold: 100 };

let dataDir: string;
let fake: FakeFaceki | null;
let services: KioskServices | null;

beforeAll(async () => {
  await FaceEmbedder.load();
}, 60_000);

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-verifier-'));
  fake = await startFakeFaceki();
  services = null;
});

afterEach(async () => {
  await services?.close().catch(() => {});
  await fake?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const secretsIn = (dir: string, name = 'secrets') =>
  new FileSecretStore(join(dir, `${name}.json`), fileKeyCipher(join(dir, `${name}.key`)));

/** Services as the kiosk builds them; FACEKI's URLs point at the fake, its credentials only when asked. */
function start(input: SettingsInput = {}, credentials = false, secrets = secretsIn(dataDir)): KioskServices {
  const settings = settingsSchema.parse({
    ...input,
    verifier: {
      verifyUrl: fake!.verifyUrl,
      tokenUrl: fake!.tokenUrl,
      timeoutMs: 10_000,
      retry: FAST_RETRY,
      ...(credentials && { clientId: fake!.clientId }),
      ...input.verifier,
    },
  });
  services = createKioskServices({
    settings,
    dataDir,
    clientSecret: credentials ? fake!.clientSecret : '',
    secrets,
    log: createLogger(null),
    version: '9.9.9-test',
    relay: new NoRelay(),
    housekeeping: false,
  });
  return services;
}

const attempt = (s: KioskServices, name: string) =>
  s.controller.attempt(readFixture(name), 'image/jpeg', { source: 'cli', openDoor: false });

function rows(): Array<{
  decision: string;
  code: string;
  user_id: string | null;
  online: number;
  verifier: string | null;
  sync_state: string;
}> {
  const reader = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
  try {
    return reader
      .prepare('SELECT decision, code, user_id, online, verifier, sync_state FROM attempts ORDER BY id')
      .all() as never;
  } finally {
    reader.close();
  }
}

async function enrolHere(s: KioskServices, name: string, id: string) {
  return enrolLocal(s.gallery!, await FaceEmbedder.load(), { maxDistance: 0.5 }, { name: id }, [readFixture(name)]);
}

describe('the verifier the services build', () => {
  it('is local without FACEKI credentials: grants an enrolled face from another photo, denies the rest', async () => {
    const s = start();
    expect(s.verifierMode).toBe('local');
    const obama = await enrolHere(s, 'obama-1.jpg', 'Barack Obama');
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({
      decision: 'granted',
      code: 'OK',
      online: true,
      user: { userId: obama.id, name: 'Barack Obama' },
    });
    expect(await attempt(s, 'vlado-1.jpg')).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });
    expect(rows()).toEqual([
      expect.objectContaining({ decision: 'granted', user_id: obama.id, verifier: 'local', online: 1 }),
      expect.objectContaining({ decision: 'denied', code: 'NO_MATCH', verifier: 'local' }),
    ]);
    // Nothing went to FACEKI, not even for a token.
    expect([fake!.tokenRequests, fake!.verifyRequests.length]).toEqual([0, 0]);
  });

  it('is faceki with clientId and the secret, and logs it so', async () => {
    await fake!.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
    const s = start({}, true);
    expect([s.verifierMode, s.gallery]).toEqual(['faceki', null]);
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({ decision: 'granted', user: { userId: 'u-obama' } });
    expect(rows()).toEqual([expect.objectContaining({ decision: 'granted', verifier: 'faceki', online: 1 })]);
  });

  it('follows verifier.mode over the default: local even with FACEKI credentials', async () => {
    const s = start({ verifier: { mode: 'local' } }, true);
    expect(s.verifierMode).toBe('local');
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({ decision: 'denied', code: 'NO_MATCH' });
    expect(fake!.verifyRequests).toHaveLength(0);
  });

  it('hybrid: grants online, then offline-local while FACEKI is stopped (online=false, logged so); others stay shut', async () => {
    await fake!.enroll({ userId: 'u-obama', name: 'Barack Obama' }, readFixture('obama-1.jpg'));
    await fake!.enroll({ userId: 'u-vlado', name: 'Vlado' }, readFixture('vlado-1.jpg'));
    const s = start({ verifier: { mode: 'hybrid' }, hybrid: { rememberGrants: true } }, true);
    expect(s.verifierMode).toBe('hybrid');
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({ decision: 'granted', online: true });
    await (s.verifier as HybridVerifier).settled();
    await fake!.close();
    fake = null;
    expect(await attempt(s, 'obama-1.jpg')).toMatchObject({
      decision: 'granted',
      code: 'OK',
      online: false,
      user: { userId: 'u-obama', name: 'Barack Obama' },
    });
    expect(await attempt(s, 'vlado-2.jpg')).toMatchObject({ decision: 'error', code: 'OFFLINE', online: false });
    expect(rows()).toEqual([
      expect.objectContaining({ decision: 'granted', verifier: 'faceki', online: 1, sync_state: 'none' }),
      expect.objectContaining({ decision: 'granted', verifier: 'offline-local', online: 0, sync_state: 'none' }),
      // Still FACEKI's to decide: queued for the sync, as any offline attempt.
      expect.objectContaining({ decision: 'error', code: 'OFFLINE', verifier: 'offline-local', sync_state: 'queued' }),
    ]);
  });

  it("hybrid: the offline sync asks FACEKI alone, never settling a queued attempt by the kiosk's own gallery", async () => {
    const s = start({ verifier: { mode: 'hybrid' }, retention: { keepImages: true } }, true);
    await fake!.close();
    fake = null;
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({ code: 'OFFLINE' });
    // He is in the gallery, granted just now (as if by FACEKI a moment before): a local match exists.
    const face = await (await FaceEmbedder.load()).describe(readFixture('obama-1.jpg'));
    if (face.kind !== 'face') throw new Error('obama-1 has a face');
    s.gallery!.add({ id: 'u-obama', name: 'Barack Obama', source: 'faceki' }, [face.descriptor]);
    s.gallery!.touchGrant('u-obama', new Date().toISOString());
    expect(await s.sync.run()).toMatchObject({ resolved: 0, remaining: 1 });
    expect(rows()).toEqual([expect.objectContaining({ sync_state: 'queued' })]);
  });

  it('answers INVALID_CONFIG on every attempt when the gallery cannot be opened, and logs it', async () => {
    const first = start();
    await enrolHere(first, 'obama-1.jpg', 'Barack Obama');
    await first.close();
    services = null;
    // The templates are there, the key that seals them is not (another secret store).
    const s = start({}, false, secretsIn(dataDir, 'other'));
    expect(s.gallery).toBeNull();
    expect(await attempt(s, 'obama-2.jpg')).toMatchObject({ decision: 'error', code: 'INVALID_CONFIG' });
    expect(rows()).toEqual([expect.objectContaining({ code: 'INVALID_CONFIG' })]);
  });
});
