import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSecretStore } from '../electron/cli/cli-context';
import { hashPin, verifyPin } from '../electron/core/admin/pin-hash';
import { pinLockIn } from '../electron/core/admin/pin-lock';
import { createDispatcher } from '../electron/core/ipc/dispatcher';
import { createKioskApp } from '../electron/core/kiosk-app';
import { createLogger } from '../electron/core/logger';
import { startFakeFaceki } from '../test/fakes/faceki-server';
import { stats, type Stats } from './machine';

/** One wrong PIN guess costs the scrypt derivation: what slows down someone who copied the data folder. */
export async function benchPinGuess(n = 20): Promise<Stats> {
  const stored = await hashPin('246810');
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await verifyPin('135790', stored);
    samples.push(performance.now() - t0);
  }
  return stats(samples);
}

/**
 * An admin save, main side: validation, the settings file written through conf, and the door's
 * services rebuilt (database reopened, verifier and relay recreated) until the kiosk answers again.
 */
export async function benchAdminSave(n = 30): Promise<Stats> {
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-bench-admin-'));
  const faceki = await startFakeFaceki();
  const secrets = cliSecretStore(dataDir);
  secrets.set('clientSecret', faceki.clientSecret);
  const lock = pinLockIn(dataDir, secrets);
  await lock.setPin('246810');
  const app = createKioskApp({ dataDir, secrets, log: createLogger(dataDir), version: 'bench' });
  const origin = 'app://facegate';
  const dispatch = createDispatcher(app.handlers, { trustedOrigin: origin });
  const sender = { url: `${origin}/index.html`, isMainFrame: true };
  try {
    await dispatch('adminUnlock', { pin: '246810' }, sender);
    const got = (await dispatch('adminGetSettings', null, sender)) as { ok: true; value: { settings: object } };
    const base = {
      ...got.value.settings,
      verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId },
    };
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      const saved = await dispatch('adminSaveSettings', { settings: { ...base, resultDisplayMs: 4000 + i } }, sender);
      const info = await dispatch('getKioskInfo', null, sender);
      if (!saved.ok || !info.ok) throw new Error(`admin save failed: ${JSON.stringify([saved, info])}`);
      samples.push(performance.now() - t0);
    }
    return stats(samples);
  } finally {
    await app.close();
    await faceki.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** One operator log line (redaction, scrubbing, synchronous write), for a line the size of an attempt's. */
export function benchLogLine(n = 5000): Stats {
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-bench-log-'));
  const log = createLogger(dataDir);
  const samples: number[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const t0 = performance.now();
      log.info({ attemptId: i, decision: 'granted', code: 'OK', latencyMs: 12, online: true }, 'attempt decided');
      samples.push((performance.now() - t0) * 1000);
    }
    return stats(samples);
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
