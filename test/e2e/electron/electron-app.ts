import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, test, type ElectronApplication, type Page } from '@playwright/test';
import type { SettingsInput } from '../../../electron/common/settings';
import { pinLockIn } from '../../../electron/core/admin/pin-lock';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { repoRoot } from '../../support/fixtures';
import { electronChromiumArgs } from './chromium-flags';

/**
 * Launching the real Electron app for the _electron specs: from the repository (node_modules'
 * Electron, built app) or, with FACEGATE_ELECTRON_EXECUTABLE, from the test package
 * (`npm run package:test`, release/test/linux-unpacked/facegate: fuses set as shipped, except the
 * inspect fuse Playwright needs). Needs an Electron binary, which cannot be downloaded on the
 * build machines (PLATFORM.md): there every spec skips and prints why.
 */

export const ELECTRON_ADMIN_PIN = '864209';

/**
 * Finds the binary the way node_modules/electron/index.js does, without requiring that module:
 * under plain Node, require('electron') starts a download when the binary is missing.
 */
export function findElectronBinary(): { path: string; packaged: boolean } | { missing: string } {
  const packaged = process.env.FACEGATE_ELECTRON_EXECUTABLE;
  if (packaged) {
    return existsSync(packaged) ? { path: packaged, packaged: true } : { missing: `${packaged} does not exist` };
  }
  const pkgDir = join(repoRoot, 'node_modules', 'electron');
  const pathFile = join(pkgDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (!existsSync(pathFile) && !override) {
    return {
      missing: `${pathFile} does not exist (the binary was never downloaded: run \`npx install-electron\` with network access)`,
    };
  }
  const executable = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : 'electron';
  const path = join(override ?? join(pkgDir, 'dist'), executable);
  return existsSync(path) ? { path, packaged: false } : { missing: `${path} (named by ${pathFile}) does not exist` };
}

/** Skips the calling test, saying why, when there is no Electron binary; returns it otherwise. */
export function electronOrSkip(spec: string): { path: string; packaged: boolean } {
  const binary = findElectronBinary();
  if ('missing' in binary) {
    const reason = `no Electron binary: ${binary.missing}`;
    console.log(`[${spec}] skipped: ${reason}`);
    test.skip(true, reason);
    throw new Error('unreachable: test.skip throws');
  }
  return binary;
}

let built = false;
/** Builds main/preload/renderer and the Electron-ABI SQLite binary (which skips when already current). */
function buildApp(): void {
  if (built) return;
  const run = (script: string, args: string[]) =>
    execFileSync(process.execPath, [script, ...args], { cwd: repoRoot, stdio: 'inherit' });
  run(join(repoRoot, 'node_modules', 'electron-vite', 'bin', 'electron-vite.js'), ['build']);
  run(join(repoRoot, 'scripts', 'electron-native.mjs'), []);
  built = true;
}

export interface ElectronKiosk {
  app: ElectronApplication;
  page: Page;
  dataDir: string;
  faceki: FakeFaceki;
  relay: RelayPty;
  output: string[];
  close(): Promise<void>;
}

/** A data folder with settings, the admin PIN provisioned as `facegate admin set-pin` does, and the app on it. */
export async function launchKiosk(
  binary: { path: string; packaged: boolean },
  camera: string,
  settings: SettingsInput = {},
  /** Set up the fake service (its verdicts) before the app can ask it anything. */
  prepare?: (faceki: FakeFaceki) => void,
): Promise<ElectronKiosk> {
  if (!binary.packaged) buildApp();
  const dataDir = mkdtempSync(join(tmpdir(), 'facegate-electron-'));
  const faceki = await startFakeFaceki();
  const relay = await startRelayPty(dataDir);
  prepare?.(faceki);
  const full: SettingsInput = {
    ...settings,
    verifier: { verifyUrl: faceki.verifyUrl, tokenUrl: faceki.tokenUrl, clientId: faceki.clientId },
    relay: { port: relay.appPath, openMs: 300, ...settings.relay },
    resultDisplayMs: settings.resultDisplayMs ?? 60_000,
  };
  writeFileSync(join(dataDir, 'settings.json'), JSON.stringify(full, null, 2));
  await pinLockIn(dataDir, cliSecretStore(dataDir)).setPin(ELECTRON_ADMIN_PIN);

  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  delete env.ELECTRON_RUN_AS_NODE; // would start Electron as plain Node
  delete env.ELECTRON_RENDERER_URL; // from a shell running `npm run dev`: the app would load that server
  Object.assign(env, {
    FACEGATE_DATA_DIR: dataDir,
    FACEGATE_CLIENT_SECRET: faceki.clientSecret,
    FACEGATE_WINDOWED: '1',
  });
  // From the repository, the root is the app: Electron reads package.json "main" (out/main/index.js).
  const app = await electron.launch({
    executablePath: binary.path,
    args: [...electronChromiumArgs(camera), ...(binary.packaged ? [] : [repoRoot])],
    env,
    cwd: repoRoot,
  });
  const output: string[] = [];
  app.process().stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  app.process().stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
  const page = await app.firstWindow();
  return {
    app,
    page,
    dataDir,
    faceki,
    relay,
    output,
    async close() {
      await app.close();
      await relay.close();
      await faceki.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
