import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSecretStore } from '../electron/cli/cli-context';
import { startKioskHost, type KioskHost } from '../electron/cli/kiosk-host';
import type { ReportStateRequest } from '../electron/common/contract';
import type { SettingsInput } from '../electron/common/settings';
import { createKioskServices, type KioskServices } from '../electron/core/kiosk-services';
import { createLogger } from '../electron/core/logger';
import { parseSettings } from '../electron/core/settings/settings-file';
import { noMatch, startFakeFaceki, type FakeFaceki } from '../test/fakes/faceki-server';
import { LETTERBOX, liveCamera, makeCameraY4m } from '../test/support/camera';
import { stats, type Stats } from './machine';

interface Rig {
  host: KioskHost;
  services: KioskServices;
  states: Array<ReportStateRequest & { at: number }>;
  close(): Promise<void>;
}

/** The real kiosk in headless Chromium against the fake service ("no match" to everyone). */
async function openKiosk(cameraFile: string, settings: SettingsInput = {}): Promise<Rig> {
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-bench-'));
  const faceki: FakeFaceki = await startFakeFaceki();
  faceki.setVerifyResponder(() => noMatch());
  const services = createKioskServices({
    settings: parseSettings(
      { ...settings, verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId } },
      'bench',
    ),
    dataDir,
    clientSecret: faceki.clientSecret,
    secrets: cliSecretStore(dataDir),
    log: createLogger(null),
    version: 'bench',
  });
  const states: Rig['states'] = [];
  services.onState((s) => states.push({ ...s, at: performance.now() }));
  const host = await startKioskHost({ services, cameraFile });
  return {
    host,
    services,
    states,
    async close() {
      await host.close();
      await services.close();
      await faceki.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function entries(rig: Rig, name: string, count: number): Promise<PerformanceEntryList> {
  await rig.host.page.waitForFunction(([n, c]) => performance.getEntriesByName(n).length >= c, [name, count] as const, {
    timeout: 600_000,
    polling: 500,
  });
  return rig.host.page.evaluate((n) => performance.getEntriesByName(n).map((e) => e.toJSON()), name);
}

export interface LoopFigures {
  ms: Stats;
  fps: number;
}

/** Per-frame ms and frames a second from the renderer's own performance.measure entries. */
function figures(list: PerformanceEntryList, skip: number): LoopFigures {
  const used = list.slice(skip);
  const span = (used.at(-1)!.startTime + used.at(-1)!.duration - used[0]!.startTime) / 1000;
  return { ms: stats(used.map((e) => e.duration)), fps: Math.round((used.length / span) * 10) / 10 };
}

/**
 * With a face: a live-looking (swaying) obama-1, full pipeline (detector, mesh, anti-spoofing,
 * liveness models; gate, light/blur, liveness). After its one attempt the kiosk keeps guiding while
 * the face stays, so the loop runs at its face pace throughout.
 */
export async function benchWithFace(frames = 300, warmup = 20): Promise<LoopFigures> {
  const rig = await openKiosk(await liveCamera('obama-1.jpg'), { resultDisplayMs: 500 });
  try {
    return figures(await entries(rig, 'facegate:detect', frames + warmup), warmup);
  } finally {
    await rig.close();
  }
}

/** Without a face: after ten empty frames the loop drops to the idle pace (detector only, 4 a second). */
export async function benchIdle(frames = 40): Promise<LoopFigures> {
  const rig = await openKiosk(await makeCameraY4m('no-face.jpg', { filter: LETTERBOX }));
  try {
    return figures(await entries(rig, 'facegate:detect-idle', frames + 2), 2);
  } finally {
    await rig.close();
  }
}

/** From the first frame with a face (the first guiding or holding state) to the submission, over n visits. */
export async function benchTimeToSubmit(n = 5): Promise<Stats> {
  const camera = await liveCamera('obama-1.jpg');
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const rig = await openKiosk(camera);
    try {
      await rig.host.page.waitForFunction(() => document.body.dataset.state === 'result', null, { timeout: 60_000 });
      const first = rig.states.find((s) => s.state === 'holding' || s.state === 'guiding');
      const submitted = rig.states.find((s) => s.state === 'verifying');
      if (first && submitted) samples.push(submitted.at - first.at);
    } finally {
      await rig.close();
    }
  }
  return stats(samples);
}
