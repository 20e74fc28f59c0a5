import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base } from '@playwright/test';
import type { SettingsInput } from '../../../electron/common/settings';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { startKioskHost, type KioskHost } from '../../../electron/cli/kiosk-host';
import { pinLockIn } from '../../../electron/core/admin/pin-lock';
import { createKioskApp, type KioskApp } from '../../../electron/core/kiosk-app';
import type { KioskServices } from '../../../electron/core/kiosk-services';
import { createLogger } from '../../../electron/core/logger';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';

/** The admin PIN every rig's kiosk has (set as `facegate admin set-pin` would). */
export const RIG_ADMIN_PIN = '135790';

export interface KioskRig {
  dataDir: string;
  faceki: FakeFaceki;
  relay: RelayPty;
  /** The whole kiosk as Electron's main runs it: settings, services, admin screen. */
  app: KioskApp;
  /** The door's services as first started (an admin save rebuilds them: use app.services() then). */
  services: KioskServices;
  problems: string[];
  /** Every URL the kiosk page requested. */
  requests: string[];
  /** Starts headless Chromium on the built renderer with this Y4M as its camera. */
  open(cameraFile: string): Promise<KioskHost>;
}

/**
 * Each test gets its own data folder (settings.json + SQLite), its own fake FACEKI server on
 * 127.0.0.1, its own socat PTY pair for the relay, and real core services wired to all three.
 */
export const test = base.extend<{ rig: KioskRig; settingsOverride: SettingsInput }>({
  settingsOverride: [{}, { option: true }],
  rig: async ({ settingsOverride }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'facegate-e2e-'));
    const faceki = await startFakeFaceki();
    const relay = await startRelayPty(dataDir);
    const settings: SettingsInput = {
      ...settingsOverride,
      verifier: {
        verifyUrl: faceki.verifyUrl,
        tokenUrl: faceki.tokenUrl,
        clientId: faceki.clientId,
        ...settingsOverride.verifier,
      },
      relay: { port: relay.appPath, openMs: 300, reconnectMs: 200, ...settingsOverride.relay },
      // Long by default (a result stays up while a test reads it); a test that needs the loop to go on sets its own.
      resultDisplayMs: settingsOverride.resultDisplayMs ?? 60_000,
    };
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(settings, null, 2));
    const hosts: KioskHost[] = [];
    const secrets = cliSecretStore(dataDir);
    await pinLockIn(dataDir, secrets).setPin(RIG_ADMIN_PIN);
    secrets.set('clientSecret', faceki.clientSecret);
    const app = createKioskApp({
      // Service-status events go to every page this rig opened, as Electron's main sends them to its window.
      emit: (event, payload) => hosts.forEach((h) => void h.binding.emit(event, payload).catch(() => {})),
      dataDir,
      secrets,
      log: createLogger(dataDir),
      version: 'e2e',
    });
    const services = app.services();
    if (!services) throw new Error(`the rig's kiosk did not start: ${JSON.stringify(app.fault())}`);
    const problems: string[] = [];
    const requests: string[] = [];
    await use({
      dataDir,
      faceki,
      relay,
      app,
      services,
      problems,
      requests,
      async open(cameraFile) {
        const host = await startKioskHost({
          services: app,
          cameraFile,
          onPageProblem: (m) => problems.push(m),
          onRequest: (url) => requests.push(url),
        });
        hosts.push(host);
        return host;
      },
    });
    for (const host of hosts) await host.close();
    await app.close();
    await relay.close();
    await faceki.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect } from '@playwright/test';
