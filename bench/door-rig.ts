import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cliSecretStore, resolveCliContext } from '../electron/cli/cli-context';
import { enrolInGallery } from '../electron/cli/commands/enroll';
import { startKioskHost, type KioskHost } from '../electron/cli/kiosk-host';
import type { ReportStateRequest } from '../electron/common/contract';
import type { SettingsInput } from '../electron/common/settings';
import { createKioskServices, type KioskServices } from '../electron/core/kiosk-services';
import { createLogger } from '../electron/core/logger';
import { parseSettings } from '../electron/core/settings/settings-file';
import { grantFor, startFakeFaceki, type FakeFaceki } from '../test/fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../test/fakes/relay-pty';
import { readFixture } from '../test/support/fixtures';

/** Who recognises the face: the gallery on this machine, or FACEKI's API played by the loopback fake. */
export type BenchVerifier = 'local' | 'faceki';

/** The person every door rig lets in: enrolled from obama-2, seen by the camera as obama-1. */
export const BENCH_PERSON = { userId: 'u-obama', name: 'Barack Obama' } as const;

/**
 * A data folder whose local gallery holds BENCH_PERSON, enrolled as `facegate simulate --enroll`
 * does (the real embedder, a sealed template in SQLite). Made once and shared by a bench's runs;
 * each run opens its own services on it.
 */
export async function enrolledDataDir(): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'facegate-bench-door-'));
  await enrolInGallery(resolveCliContext({ 'data-dir': dir, verifier: 'local' }), { name: BENCH_PERSON.name }, [
    { label: 'obama-2.jpg', bytes: readFixture('obama-2.jpg') },
  ]);
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface DoorRig {
  host: KioskHost;
  services: KioskServices;
  relay: RelayPty;
  /** Every state the renderer reported, stamped with this process's performance.now() on arrival. */
  states: Array<ReportStateRequest & { at: number }>;
  close(): Promise<void>;
}

export interface DoorRigOptions {
  camera: string;
  verifier: BenchVerifier;
  /** For 'local': a data folder from enrolledDataDir(), shared across runs; otherwise a fresh one is made. */
  dataDir?: string;
  settings?: SettingsInput;
  /** Another build of the renderer than out/renderer (to measure a change side by side). */
  rendererDir?: string;
}

/**
 * One kiosk as it runs at a door: the built renderer in a new headless Chromium with a video file for
 * its camera, the real core services in this process, the relay on a socat pseudo-terminal speaking
 * LCUS, and the verifier on loopback. For 'faceki' the fake grants BENCH_PERSON at once from a canned
 * answer, so the figure is the kiosk's share (HTTP on 127.0.0.1 included), not the fake's matching.
 */
export async function openDoorRig(options: DoorRigOptions): Promise<DoorRig> {
  const ownDir = options.dataDir ? null : mkdtempSync(join(tmpdir(), 'facegate-bench-door-'));
  const dataDir = options.dataDir ?? ownDir!;
  // The pair's links live beside the run, not in the shared data folder, so runs never meet.
  const ptyDir = mkdtempSync(join(tmpdir(), 'facegate-bench-pty-'));
  const cleanups: Array<() => Promise<void> | void> = [
    () => rmSync(ptyDir, { recursive: true, force: true }),
    ...(ownDir ? [() => rmSync(ownDir, { recursive: true, force: true })] : []),
  ];
  const closeAll = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const relay = await startRelayPty(ptyDir);
    cleanups.push(() => relay.close());
    let faceki: FakeFaceki | null = null;
    if (options.verifier === 'faceki') {
      faceki = await startFakeFaceki();
      faceki.setVerifyResponder(() => grantFor(BENCH_PERSON));
      cleanups.push(() => faceki!.close());
    }
    const input: SettingsInput = {
      ...options.settings,
      verifier: faceki
        ? { mode: 'faceki', verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId }
        : { mode: 'local' },
      relay: { port: relay.appPath, openMs: 300, ...options.settings?.relay },
    };
    const services = createKioskServices({
      settings: parseSettings(input, 'bench'),
      dataDir,
      clientSecret: faceki?.clientSecret ?? '',
      secrets: cliSecretStore(dataDir),
      log: createLogger(null),
      version: 'bench',
    });
    cleanups.push(() => services.close());
    const states: DoorRig['states'] = [];
    services.onState((s) => states.push({ ...s, at: performance.now() }));
    const host = await startKioskHost({
      services,
      cameraFile: options.camera,
      ...(options.rendererDir && { rendererDir: options.rendererDir }),
    });
    cleanups.push(() => host.close());
    return { host, services, relay, states, close: closeAll };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
