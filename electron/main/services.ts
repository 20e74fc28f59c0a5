import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import { createKioskApp, type KioskApp } from '../core/kiosk-app';
import { createLogger, type Logger } from '../core/logger';
import { electronStoreOptions, type SettingsBackend, type SettingsStoreOptions } from '../core/settings/settings-store';
import type { StartupLog } from '../core/shell/startup-log';
import { emit, setupIpc } from './ipc';
import { setupStartAtLogin } from './lifecycle';
import { openSafeStorageSecretStore } from './safe-storage-cipher';

/**
 * Everything that loads native code (better-sqlite3, serialport, sharp) or can fail on the data
 * folder (the operator log, secrets.json, settings) is reached from this module, which index.ts
 * imports dynamically after `ready`, inside its try: a failure here ends on the fault page.
 */

export interface MainServices {
  dataDir: string;
  log: Logger;
  app: KioskApp;
  close(): Promise<void>;
}

/**
 * node_modules' better-sqlite3 stays built for Node (tests and the CLI use it), so Electron loads
 * its own build: shipped in resources/native when packaged, made by scripts/electron-native.mjs in
 * development. See electron-builder.yml.
 */
function nativeBindingPath(): string {
  return app.isPackaged
    ? join(process.resourcesPath, 'native', 'better_sqlite3.node')
    : join(app.getAppPath(), '.native', 'electron', 'better_sqlite3.node');
}

/** settings.json through electron-store, with the options and schema the CLI's conf uses. */
function openElectronStore(options: SettingsStoreOptions): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>(electronStoreOptions(options));
  // electron-store answers any renderer's sync 'electron-store-get-data' with userData's path; our
  // renderer never asks (it has no ipcRenderer), and nothing should answer outside the contract.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store as unknown as SettingsBackend;
}

/** After ready: the operator log, the secrets (safeStorage needs ready), the kiosk and its IPC channels. */
export async function setupServices(startupLog: StartupLog): Promise<MainServices> {
  const dataDir = app.getPath('userData');
  const log = createLogger(dataDir);
  startupLog.attach(log);
  log.info({ version: app.getVersion(), dataDir, packaged: app.isPackaged }, 'facegate starting');
  const nativeBinding = nativeBindingPath();
  if (!existsSync(nativeBinding)) {
    // The app still starts: the database fails to open with STORAGE_FAILED and the screen says so.
    log.error(
      { nativeBinding },
      app.isPackaged ? 'the package is incomplete' : 'run `node scripts/electron-native.mjs` (npm start does)',
    );
  }
  const kiosk = createKioskApp({
    dataDir,
    log,
    version: app.getVersion(),
    secrets: await openSafeStorageSecretStore(dataDir, log),
    openSettings: (options) => openElectronStore(options),
    // The environment wins so a provisioning script can inject it; otherwise the sealed store.
    clientSecretOverride: process.env.FACEGATE_CLIENT_SECRET ?? '',
    nativeBinding,
    emit: (event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) emit(win, event, payload);
    },
    // Settings are applied at start and after every admin save.
    onSettings: (loaded) => setupStartAtLogin(loaded.settings.kiosk.startAtLogin, log),
  });
  try {
    setupIpc(kiosk.handlers, log);
  } catch (error) {
    // The relay may be open already: rest it before the fault page takes over.
    await kiosk.close();
    throw error;
  }
  return { dataDir, log, app: kiosk, close: () => kiosk.close() };
}
