import type { Database } from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settingsSchema } from '../../../electron/common/settings';
import { AccessController } from '../../../electron/core/access-controller';
import { createLogger } from '../../../electron/core/logger';
import { NoRelay } from '../../../electron/core/relay/door-relay';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { AttemptLog } from '../../../electron/core/storage/attempt-log';
import { openDatabase } from '../../../electron/core/storage/database';
import { ImageVault } from '../../../electron/core/storage/image-vault';
import { ResultCache } from '../../../electron/core/storage/result-cache';
import { FacekiClient } from '../../../electron/core/verifier/faceki-client';
import { MAX_IMAGE_PIXELS, MIN_IMAGE_SIDE_PX } from '../../../electron/core/verifier/image-check';
import { clientOptionsFor, grantFor, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';

// The image-size policy on the door's path (verify, kiosk and CLI alike), before a billed call: the
// real controller, FACEKI client against the fake on 127.0.0.1 and SQLite on disk. The images are
// made here with sharp; nothing big is committed.

const grey = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: { r: 120, g: 130, b: 140 } } });

let huge: Uint8Array;
beforeAll(async () => {
  // 10,000 x 10,000: 100 megapixels in a JPEG of well under the 4 MB upload limit.
  huge = new Uint8Array(await grey(10_000, 10_000).toColourspace('b-w').jpeg({ quality: 50 }).toBuffer());
});

let dir: string;
let fake: FakeFaceki;
let db: Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-size-'));
  fake = await startFakeFaceki();
  fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
  db = openDatabase(join(dir, 'facegate.db'));
});
afterEach(async () => {
  db.close();
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  huge = new Uint8Array();
});

function controller() {
  const attempts = new AttemptLog(db);
  const secrets = new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));
  const { access, retention } = settingsSchema.parse({ access: { cooldownMs: 0 } });
  const ac = new AccessController({
    verifier: new FacekiClient(clientOptionsFor(fake, { timeoutMs: 3_000 })),
    relay: new NoRelay(),
    attempts,
    results: new ResultCache(db),
    images: new ImageVault(db, secrets),
    policy: { access, retention },
    log: createLogger(null),
  });
  return { ac, attempts };
}

describe('image size on the way to the verify service', () => {
  it.each([
    ['a thumbnail', 120, 90, 'image/jpeg'],
    ['a strip', 1280, MIN_IMAGE_SIDE_PX - 1, 'image/png'],
  ] as const)(
    'refuses %s too small to hold a face as FACE_TOO_SMALL, never sent or billed',
    async (_what, w, h, mime) => {
      const image = new Uint8Array(await (mime === 'image/png' ? grey(w, h).png() : grey(w, h).jpeg()).toBuffer());
      const { ac, attempts } = controller();
      const decision = await ac.attempt(image, mime, { source: 'cli', openDoor: true });
      expect(decision).toMatchObject({ decision: 'denied', code: 'FACE_TOO_SMALL', doorOpened: false });
      expect(fake.requestCount).toBe(0); // not even a token
      expect(attempts.list()).toEqual([
        expect.objectContaining({
          code: 'FACE_TOO_SMALL',
          detail: expect.stringContaining(`${w}x${h}`),
        }),
      ]);
    },
  );

  it('sends an image at the floor, and the fixture photos', async () => {
    const { ac } = controller();
    const floor = new Uint8Array(await grey(MIN_IMAGE_SIDE_PX, MIN_IMAGE_SIDE_PX).jpeg().toBuffer());
    expect(await ac.attempt(floor, 'image/jpeg', { source: 'cli', openDoor: false })).toMatchObject({
      decision: 'granted',
    });
    // The smallest fixture, 427x240, still goes: the service, not the floor, judges its face.
    expect(
      await ac.attempt(readFixture('obama-240p.jpg'), 'image/jpeg', { source: 'cli', openDoor: false }),
    ).toMatchObject({
      decision: 'granted',
    });
    expect(fake.verifyRequests).toHaveLength(2);
  });

  it('refuses 10000x10000 as FAILED_TO_READ_IMAGE naming the pixel limit, never sent', async () => {
    const { ac, attempts } = controller();
    const decision = await ac.attempt(huge, 'image/jpeg', { source: 'cli', openDoor: true });
    expect(decision).toMatchObject({ decision: 'denied', code: 'FAILED_TO_READ_IMAGE' });
    expect(fake.requestCount).toBe(0);
    expect(attempts.list()[0]?.detail).toBe(
      `10000x10000 image has 100 megapixels, over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit`,
    );
  });

  it('the FACEKI client alone applies the same pixel limit, with the same words', async () => {
    const outcome = await new FacekiClient(clientOptionsFor(fake)).verify(huge, 'image/jpeg');
    expect(outcome).toEqual({
      kind: 'error',
      code: 'FAILED_TO_READ_IMAGE',
      message: `10000x10000 image has 100 megapixels, over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit`,
    });
    expect(fake.requestCount).toBe(0);
  });
});
