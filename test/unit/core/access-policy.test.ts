import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type SettingsInput } from '../../../electron/common/settings';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { AccessController } from '../../../electron/core/access-controller';
import { createLogger } from '../../../electron/core/logger';
import { NoRelay } from '../../../electron/core/relay/door-relay';
import { AttemptLog } from '../../../electron/core/storage/attempt-log';
import { openDatabase } from '../../../electron/core/storage/database';
import { ImageVault } from '../../../electron/core/storage/image-vault';
import { ResultCache } from '../../../electron/core/storage/result-cache';
import { purgeExpired } from '../../../electron/core/storage/retention';
import { normalizeConfidence, verdictFor } from '../../../electron/core/verdict';
import { FacekiClient } from '../../../electron/core/verifier/faceki-client';
import { clientOptionsFor, grantFor, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';

// The door rules around a verify: cooldown, confidence, the offline policy, the result cache and
// retention. Real fake over HTTP, real SQLite; time is injected where the rule is about time.

let dir: string;
let db: Database;
let fake: FakeFaceki;
const photo = readFixture('obama-2.jpg');

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-policy-'));
  db = openDatabase(join(dir, 'facegate.db'));
  fake = await startFakeFaceki();
});

afterEach(async () => {
  db.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});

function controller(input: SettingsInput = {}, clock = { ms: 0 }) {
  const settings = settingsSchema.parse(input);
  const attempts = new AttemptLog(db);
  const results = new ResultCache(db);
  const images = new ImageVault(db, cliSecretStore(dir));
  const verifier = new FacekiClient(clientOptionsFor(fake, { timeoutMs: 3_000 }));
  const ac = new AccessController({
    verifier,
    relay: new NoRelay(),
    attempts,
    results,
    images,
    policy: { access: settings.access, retention: settings.retention },
    log: createLogger(null),
    now: () => clock.ms,
  });
  return { ac, attempts, results, images, clock };
}

const kiosk = { source: 'kiosk' as const, openDoor: true };

describe('cooldown', () => {
  it('refuses kiosk frames during the cooldown without verifying or logging them, but never the CLI', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u1', confidence: 0.9 }));
    const { ac, attempts, clock } = controller({ access: { cooldownMs: 5_000 } });
    await ac.attempt(photo, 'image/jpeg', kiosk);
    clock.ms = 4_999;
    await expect(ac.attempt(photo, 'image/jpeg', kiosk)).rejects.toMatchObject({ code: 'COOLDOWN' });
    expect(fake.verifyRequests).toHaveLength(1);
    expect(attempts.list()).toHaveLength(1);
    await ac.attempt(photo, 'image/jpeg', { source: 'cli', openDoor: false });
    expect(fake.verifyRequests).toHaveLength(2);
    clock.ms = 5_001 + 0;
    await expect(ac.attempt(photo, 'image/jpeg', kiosk)).resolves.toMatchObject({ decision: 'granted' });
  });

  it('refuses a second kiosk frame while the first is still being verified', async () => {
    let release: () => void = () => {};
    fake.setVerifyResponder(() => new Promise((resolve) => (release = () => resolve(grantFor({ userId: 'u1' })))));
    const { ac } = controller({ access: { cooldownMs: 0 } });
    const first = ac.attempt(photo, 'image/jpeg', kiosk);
    while (fake.verifyRequests.length === 0) await new Promise((r) => setTimeout(r, 10));
    await expect(ac.attempt(photo, 'image/jpeg', kiosk)).rejects.toMatchObject({ code: 'COOLDOWN' });
    release();
    await expect(first).resolves.toMatchObject({ decision: 'granted' });
  });
});

describe('confidence', () => {
  it('denies a match below minConfidence and grants one above it (percentages read as such)', async () => {
    const { ac } = controller({ access: { cooldownMs: 0, minConfidence: 0.8 } });
    fake.setVerifyResponder(() => grantFor({ userId: 'u1', confidence: 0.6 }));
    expect(await ac.attempt(photo, 'image/jpeg', kiosk)).toMatchObject({ decision: 'denied', code: 'LOW_CONFIDENCE' });
    fake.setVerifyResponder(() => grantFor({ userId: 'u1', confidence: 93 }));
    expect(await ac.attempt(photo, 'image/jpeg', kiosk)).toMatchObject({ decision: 'granted', confidence: 0.93 });
  });

  it('normalises the scale', () => {
    expect([
      normalizeConfidence(0.7),
      normalizeConfidence(70),
      normalizeConfidence(-1),
      normalizeConfidence(140),
    ]).toEqual([0.7, 0.7, 0, 1]);
  });
});

describe('offline policy', () => {
  it("keeps the door shut offline under 'cached' too, and says why", () => {
    const offline = { kind: 'offline' as const, message: 'unreachable' };
    expect(verdictFor(offline, { minConfidence: 0.5, offlinePolicy: 'deny' })).toMatchObject({
      decision: 'error',
      code: 'OFFLINE',
    });
    const cached = verdictFor(offline, { minConfidence: 0.5, offlinePolicy: 'cached' });
    expect(cached).toMatchObject({ decision: 'error', code: 'OFFLINE', online: false });
    expect(cached.detail).toMatch(/'cached' acts as 'deny' until the local face check exists/);
  });
});

describe('result cache', () => {
  it('remembers who was granted, with name and language, for the welcome screen', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u7', name: 'Ada', language: 'en', confidence: 0.9 }));
    const { ac, results } = controller({ access: { cooldownMs: 0 } });
    await ac.attempt(photo, 'image/jpeg', kiosk);
    const hit = results.lookup('u7');
    expect(hit).toMatchObject({ user: { userId: 'u7', name: 'Ada', language: 'en' }, confidence: 0.9 });
    const grantedAt = new Date(hit!.grantedAt);
    expect(results.recent('u7', new Date(grantedAt.getTime() + 3_600_000), 2)).not.toBeNull();
    expect(results.recent('u7', new Date(grantedAt.getTime() + 3 * 3_600_000), 2)).toBeNull();
    expect(results.lookup('nobody')).toBeNull();
  });
});

describe('welcome from the cache', () => {
  it('greets by the cached name and language when the service leaves them out', async () => {
    const { ac } = controller({ access: { cooldownMs: 0 } });
    fake.setVerifyResponder(() => grantFor({ userId: 'u9', name: 'Grace', language: 'fr' }));
    await ac.attempt(photo, 'image/jpeg', kiosk);
    fake.setVerifyResponder(() => grantFor({ userId: 'u9' }));
    expect((await ac.attempt(photo, 'image/jpeg', kiosk)).user).toMatchObject({
      userId: 'u9',
      name: 'Grace',
      language: 'fr',
    });
    fake.setVerifyResponder(() => grantFor({ userId: 'u10' }));
    expect((await ac.attempt(photo, 'image/jpeg', kiosk)).user).toEqual({ userId: 'u10', faceId: expect.any(String) });
  });
});

describe('retention', () => {
  it('purges attempts past attemptDays and kept images past their expiry', () => {
    const { attempts, images } = controller();
    const now = new Date('2026-06-01T00:00:00Z');
    const base = {
      source: 'kiosk' as const,
      decision: 'error' as const,
      code: 'OFFLINE' as const,
      latencyMs: 1,
      online: false,
      doorOpened: false,
    };
    const old = attempts.record({ ...base, createdAt: '2026-01-01T00:00:00.000Z' });
    const fresh = attempts.record({ ...base, createdAt: '2026-05-30T00:00:00.000Z', syncState: 'queued' });
    images.keep(fresh, photo, 'image/jpeg', '2026-05-31T00:00:00.000Z');
    expect(purgeExpired(attempts, images, { attemptDays: 90 }, now)).toEqual({ attempts: 1, images: 1 });
    expect(attempts.list().map((r) => r.id)).toEqual([fresh]);
    expect(old).toBeLessThan(fresh);
    expect(images.take(fresh, now.toISOString())).toBeNull();
  });

  it('gives back a kept image intact before it expires', () => {
    const { attempts, images } = controller();
    const id = attempts.record({
      createdAt: new Date().toISOString(),
      source: 'kiosk',
      decision: 'error',
      code: 'OFFLINE',
      latencyMs: 1,
      online: false,
      doorOpened: false,
    });
    images.keep(id, photo, 'image/jpeg', new Date(Date.now() + 60_000).toISOString());
    expect(images.take(id, new Date().toISOString())).toEqual({ image: photo, mime: 'image/jpeg' });
  });
});
