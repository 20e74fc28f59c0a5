import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow, ipcMain } from 'electron';
import ElectronStore from 'electron-store';
import type { Handlers } from '../core/ipc/dispatcher';
import { createKioskApp, type KioskApp } from '../core/kiosk-app';
import { createLogger, type Logger } from '../core/logger';
import {
  electronStoreOptions,
  type LoadedSettings,
  type SettingsBackend,
  type SettingsStoreOptions,
} from '../core/settings/settings-store';
import { emit } from './ipc';
import { kioskSecretStore } from './safe-storage-cipher';

export interface MainServices {
  dataDir: string;
  log: Logger;
  handlers: Handlers;
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

/**
 * FACEGATE_DATA_DIR, when set, becomes userData itself: the data folder is then also Chromium's
 * profile and the key of the single-instance lock, so a test or a second kiosk on its own folder
 * never collides with a running one. Call before taking the lock.
 */
export function setupDataDir(): string {
  const override = process.env.FACEGATE_DATA_DIR;
  if (override) app.setPath('userData', resolve(override));
  return app.getPath('userData');
}

/** settings.json through electron-store, with the options and schema the CLI's conf uses. */
function openElectronStore(options: SettingsStoreOptions): SettingsBackend {
  const store = new ElectronStore<Record<string, unknown>>(electronStoreOptions(options));
  // electron-store answers any renderer's sync 'electron-store-get-data' with userData's path; our
  // renderer never asks (it has no ipcRenderer), and nothing should answer outside the contract.
  ipcMain.removeAllListeners('electron-store-get-data');
  return store as unknown as SettingsBackend;
}

export function setupServices(onSettings?: (loaded: LoadedSettings, log: Logger) => void): MainServices {
  const dataDir = app.getPath('userData');
  const log = createLogger(dataDir);
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
    secrets: kioskSecretStore(dataDir, log),
    openSettings: (options) => openElectronStore(options),
    // The environment wins so a provisioning script can inject it; otherwise the sealed store.
    clientSecretOverride: process.env.FACEGATE_CLIENT_SECRET ?? '',
    nativeBinding,
    emit: (event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) emit(win, event, payload);
    },
    ...(onSettings && { onSettings: (loaded: LoadedSettings) => onSettings(loaded, log) }),
  });
  return { dataDir, log, handlers: kiosk.handlers, app: kiosk, close: () => kiosk.close() };
}
