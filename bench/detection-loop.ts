import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSecretStore } from '../electron/cli/cli-context';
import { startKioskHost } from '../electron/cli/kiosk-host';
import { parseSettings } from '../electron/core/settings/settings-file';
import { createKioskServices } from '../electron/core/kiosk-services';
import { createLogger } from '../electron/core/logger';
import { noMatch, startFakeFaceki } from '../test/fakes/faceki-server';
import { makeCameraY4m } from '../test/support/camera';
import { stats, type Stats } from './machine';

/**
 * Milliseconds per frame of the renderer's detection loop (Human on wasm: detector + mesh, then the
 * gate) in headless Chromium, read from the renderer's own performance.measure entries. The camera
 * shows obama-1.jpg, so every frame has a face to refine; the fake service answers "no match" so the
 * loop keeps running through attempts as it would at a busy door.
 */
export async function benchDetectionLoop(frames = 300, warmup = 20): Promise<Stats> {
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-bench-'));
  const faceki = await startFakeFaceki();
  faceki.setVerifyResponder(() => noMatch());
  const settings = parseSettings(
    {
      verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId },
      resultDisplayMs: 500,
    },
    'bench',
  );
  const services = createKioskServices({
    settings,
    dataDir,
    clientSecret: faceki.clientSecret,
    secrets: cliSecretStore(dataDir),
    log: createLogger(null),
    version: 'bench',
  });
  const host = await startKioskHost({ services, cameraFile: await makeCameraY4m('obama-1.jpg') });
  try {
    await host.page.waitForFunction(
      (n) => performance.getEntriesByName('facegate:detect').length >= n,
      frames + warmup,
      { timeout: 600_000, polling: 1000 },
    );
    const durations = await host.page.evaluate(() =>
      performance.getEntriesByName('facegate:detect').map((e) => e.duration),
    );
    return stats(durations.slice(warmup, warmup + frames));
  } finally {
    await host.close();
    await services.close();
    await faceki.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
