import BetterSqlite3 from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema, type SettingsInput } from '../../../electron/common/settings';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { createKioskServices, type KioskServices } from '../../../electron/core/kiosk-services';
import { createLogger } from '../../../electron/core/logger';
import { OfflineSync } from '../../../electron/core/offline-sync';
import { NoRelay } from '../../../electron/core/relay/door-relay';
import { grantFor, noMatch, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';
import { closedPort } from '../../support/net';

// Offline attempts are queued in SQLite and resolved, once each and in order, when the service is
// back: against the real fake over HTTP, with the service really gone (a closed port).

let dataDir: string;
let fake: FakeFaceki;
const open: KioskServices[] = [];
const photo = readFixture('obama-2.jpg');

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-queue-'));
  fake = await startFakeFaceki();
});

afterEach(async () => {
  for (const s of open.splice(0)) await s.close().catch(() => {});
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function services(input: SettingsInput, verifyUrl = fake.verifyUrl): KioskServices {
  const settings = settingsSchema.parse({
    ...input,
    verifier: {
      verifyUrl,
      tokenUrl: fake.tokenUrl,
      clientId: fake.clientId,
      timeoutMs: 2_000,
      retry: { maxAttempts: 1, breakerThreshold: 100 },
      ...input.verifier,
    },
  });
  const s = createKioskServices({
    settings,
    dataDir,
    clientSecret: fake.clientSecret,
    secrets: cliSecretStore(dataDir),
    log: createLogger(null),
    version: 'test',
    relay: new NoRelay(),
    housekeeping: false,
  });
  open.push(s);
  return s;
}

const cli = { source: 'cli' as const, openDoor: false };

function rows(): Array<Record<string, unknown>> {
  const db = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
  try {
    return db
      .prepare(
        'SELECT id, decision, code, sync_state, resolved_decision, resolved_code, resolved_user_id FROM attempts ORDER BY id',
      )
      .all() as Array<Record<string, unknown>>;
  } finally {
    db.close();
  }
}

function sealedImages(): Array<{ attempt_id: number; sealed: Buffer }> {
  const db = new BetterSqlite3(join(dataDir, 'facegate.db'), { readonly: true });
  try {
    return db.prepare('SELECT attempt_id, sealed FROM attempt_images').all() as Array<{
      attempt_id: number;
      sealed: Buffer;
    }>;
  } finally {
    db.close();
  }
}

describe('offline queue', () => {
  it('queues an offline attempt, keeps its image sealed, and resolves it after a restart, exactly once', async () => {
    const down = services({ retention: { keepImages: true } }, `http://127.0.0.1:${await closedPort()}/verify`);
    const d = await down.controller.attempt(photo, 'image/jpeg', cli);
    expect(d).toMatchObject({ decision: 'error', code: 'OFFLINE', online: false });
    expect(rows()).toEqual([expect.objectContaining({ id: d.attemptId, sync_state: 'queued' })]);
    // The kept image is not the photo in the clear: no JPEG marker, not the same bytes.
    const [kept] = sealedImages();
    expect(kept?.attempt_id).toBe(d.attemptId);
    expect(kept!.sealed.includes(Buffer.from(photo.subarray(0, 64)))).toBe(false);
    await down.close();

    fake.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.9 }));
    const up = services({ retention: { keepImages: true } });
    expect(await up.sync.run()).toEqual({ resolved: 1, unresolved: 0, remaining: 0 });
    expect(fake.verifyRequests).toHaveLength(1);
    expect(rows()).toEqual([
      expect.objectContaining({
        decision: 'error',
        code: 'OFFLINE',
        sync_state: 'resolved',
        resolved_decision: 'granted',
        resolved_code: 'OK',
        resolved_user_id: 'u-obama',
      }),
    ]);
    // The face has served its purpose: deleted on resolution, not left until imageDays.
    expect(sealedImages()).toEqual([]);
    // A second run finds nothing: resolved once, verified once.
    expect(await up.sync.run()).toEqual({ resolved: 0, unresolved: 0, remaining: 0 });
    expect(fake.verifyRequests).toHaveLength(1);
  });

  it('marks a queued attempt unresolved when no image was kept (the default)', async () => {
    const down = services({}, `http://127.0.0.1:${await closedPort()}/verify`);
    await down.controller.attempt(photo, 'image/jpeg', cli);
    expect(sealedImages()).toEqual([]);
    const up = services({});
    expect(await up.sync.run()).toMatchObject({ resolved: 0, unresolved: 1 });
    expect(rows()[0]).toMatchObject({ sync_state: 'unresolved', resolved_decision: null });
    expect(fake.verifyRequests).toHaveLength(0);
  });

  it('resolves in order and leaves the rest queued when the service drops again', async () => {
    const down = services({ retention: { keepImages: true } }, `http://127.0.0.1:${await closedPort()}/verify`);
    for (let i = 0; i < 3; i++) await down.controller.attempt(photo, 'image/jpeg', cli);
    const seen: number[] = [];
    let calls = 0;
    fake.setVerifyResponder(() => {
      calls += 1;
      return calls === 2 ? { status: 503, body: { responseCode: 1000 } } : noMatch();
    });
    const up = services({ retention: { keepImages: true } });
    const report = await up.sync.run();
    expect(report).toMatchObject({ resolved: 1, remaining: 2, stoppedBecause: 'SERVER_ERROR' });
    for (const r of rows()) seen.push(r.sync_state === 'resolved' ? 1 : 0);
    expect(seen).toEqual([1, 0, 0]);
    expect(await up.sync.run()).toMatchObject({ resolved: 2, remaining: 0 });
    expect(rows().map((r) => r.resolved_code)).toEqual(['NO_MATCH', 'NO_MATCH', 'NO_MATCH']);
  });

  it('does not re-verify an image past its retention: unresolved instead', async () => {
    const down = services(
      { retention: { keepImages: true, imageDays: 1 } },
      `http://127.0.0.1:${await closedPort()}/verify`,
    );
    await down.controller.attempt(photo, 'image/jpeg', cli);
    const later = new Date(Date.now() + 2 * 86_400_000);
    const up = services({ retention: { keepImages: true, imageDays: 1 } });
    const sync = new OfflineSync({
      attempts: up.attempts,
      images: up.images,
      verifier: up.verifier,
      access: { minConfidence: 0.5, offlinePolicy: 'deny' },
      log: createLogger(null),
      clock: () => later,
    });
    expect(await sync.run()).toMatchObject({ resolved: 0, unresolved: 1 });
    expect(fake.verifyRequests).toHaveLength(0);
  });

  it('resolves the queue by itself when the circuit closes again', async () => {
    // The whole service (token and verify) lives on one port that is dead now and comes back later.
    await fake.close();
    const port = await closedPort();
    const base = `http://127.0.0.1:${port}`;
    const kiosk = services(
      {
        retention: { keepImages: true },
        verifier: {
          tokenUrl: `${base}/auth/api/access-token`,
          retry: { maxAttempts: 1, breakerThreshold: 1, breakerCooldownMs: 100, probeIntervalMs: 50 },
        },
      },
      `${base}/verify`,
    );
    const d = await kiosk.controller.attempt(photo, 'image/jpeg', cli);
    expect(d.code).toBe('OFFLINE');
    // The circuit is open now: the next attempt is answered offline at once, without a request.
    expect((await kiosk.controller.attempt(photo, 'image/jpeg', cli)).code).toBe('OFFLINE');
    fake = await startFakeFaceki({ port });
    fake.setVerifyResponder(() => noMatch());
    const deadline = Date.now() + 15_000;
    while (rows().some((r) => r.sync_state === 'queued') && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
    }
    expect(rows().map((r) => [r.sync_state, r.resolved_code])).toEqual([
      ['resolved', 'NO_MATCH'],
      ['resolved', 'NO_MATCH'],
    ]);
  });
});
