import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { cliSecretStore } from '../electron/cli/cli-context';
import { settingsSchema } from '../electron/common/settings';
import { createKioskServices } from '../electron/core/kiosk-services';
import { createLogger } from '../electron/core/logger';
import { NoRelay } from '../electron/core/relay/door-relay';
import { AttemptLog } from '../electron/core/storage/attempt-log';
import { openDatabase } from '../electron/core/storage/database';
import { grantFor, startFakeFaceki } from '../test/fakes/faceki-server';
import { fixturePath } from '../test/support/fixtures';
import { stats, type Stats } from './machine';

/** A kiosk-sized frame: obama-1.jpg cropped and scaled to 640x480, JPEG quality 92, like the renderer sends. */
async function cameraFrame(): Promise<Uint8Array> {
  const image = sharp(fixturePath('obama-1.jpg'));
  const { width = 0 } = await image.metadata();
  const out = await image
    .extract({ left: 0, top: 0, width, height: Math.round((width * 3) / 4) })
    .resize(640, 480)
    .jpeg({ quality: 92 })
    .toBuffer();
  return new Uint8Array(out);
}

export interface VerifyPathResult {
  client: Stats;
  attempt: Stats;
  frameBytes: number;
}

/**
 * Main-side latency of one verify against the loopback fake: the FacekiClient alone (image check,
 * multipart upload, answer parsing), and the whole kiosk attempt (plus decision and the SQLite
 * commit). The fake answers from a canned responder, so its own face matching is not in the figure.
 */
export async function benchVerifyPath(n = 200, warmup = 10): Promise<VerifyPathResult> {
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-bench-verify-'));
  const fake = await startFakeFaceki();
  fake.setVerifyResponder(() => grantFor({ userId: 'u-bench', name: 'Bench', confidence: 0.9 }));
  const services = createKioskServices({
    settings: settingsSchema.parse({
      verifier: { verifyUrl: fake.verifyUrl, tokenUrl: fake.tokenUrl, clientId: fake.clientId },
    }),
    dataDir,
    clientSecret: fake.clientSecret,
    secrets: cliSecretStore(dataDir),
    log: createLogger(null),
    version: 'bench',
    relay: new NoRelay(),
    housekeeping: false,
  });
  const frame = await cameraFrame();
  try {
    const client: number[] = [];
    const attempt: number[] = [];
    for (let i = 0; i < n + warmup; i++) {
      const t0 = performance.now();
      const outcome = await services.verifier.verify(frame, 'image/jpeg');
      const t1 = performance.now();
      if (outcome.kind !== 'match') throw new Error(`bench expected a match, got ${JSON.stringify(outcome)}`);
      await services.controller.attempt(frame, 'image/jpeg', { source: 'cli', openDoor: false });
      const t2 = performance.now();
      if (i >= warmup) {
        client.push(t1 - t0);
        attempt.push(t2 - t1);
      }
    }
    return { client: stats(client), attempt: stats(attempt), frameBytes: frame.byteLength };
  } finally {
    await services.close();
    await fake.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Attempt rows committed per second, one transaction each, synchronous=FULL, WAL, on this disk. */
export function benchAttemptLogWrites(n = 2_000): { rowsPerSecond: number; msPerRow: Stats } {
  const dir = mkdtempSync(join(tmpdir(), 'facegate-bench-log-'));
  const db = openDatabase(join(dir, 'facegate.db'));
  try {
    const log = new AttemptLog(db);
    const samples: number[] = [];
    const started = performance.now();
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      log.record({
        createdAt: new Date().toISOString(),
        source: 'kiosk',
        decision: i % 2 ? 'granted' : 'denied',
        code: i % 2 ? 'OK' : 'NO_MATCH',
        userId: `u${i}`,
        latencyMs: 12.3,
        online: true,
        doorOpened: i % 2 === 1,
      });
      samples.push(performance.now() - t0);
    }
    const seconds = (performance.now() - started) / 1000;
    return { rowsPerSecond: Math.round(n / seconds), msPerRow: stats(samples) };
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
