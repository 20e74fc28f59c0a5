import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { app, BrowserWindow } from 'electron';
import { CodedError, type Handlers } from '../core/ipc/dispatcher';
import {
  createFaultedRuntime,
  createKioskServices,
  startupFault,
  type KioskServices,
  type StartupFault,
} from '../core/kiosk-services';
import { createLogger, type Logger } from '../core/logger';
import { FileSecretStore } from '../core/secrets/secret-store';
import { loadSettingsFile } from '../core/settings/settings-file';
import { emit } from './ipc';
import { safeStorageCipher } from './safe-storage-cipher';

export interface MainServices {
  dataDir: string;
  log: Logger;
  handlers: Handlers;
  /** Why the kiosk cannot verify anyone (bad settings, no database); null when all is well. */
  fault: StartupFault | null;
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

function start(dataDir: string, log: Logger): KioskServices {
  const settings = loadSettingsFile(dataDir);
  const nativeBinding = nativeBindingPath();
  if (!existsSync(nativeBinding)) {
    throw new CodedError(
      'STORAGE_FAILED',
      `no Electron build of better-sqlite3 at ${nativeBinding}` +
        (app.isPackaged ? ' (the package is incomplete)' : ': run `node scripts/electron-native.mjs`'),
    );
  }
  const secrets = new FileSecretStore(join(dataDir, 'secrets.json'), safeStorageCipher(dataDir, log));
  return createKioskServices({
    settings,
    dataDir,
    secrets,
    // The environment wins so a provisioning script can inject it; otherwise the sealed store.
    clientSecret: process.env.FACEGATE_CLIENT_SECRET ?? secrets.get('clientSecret') ?? '',
    log,
    version: app.getVersion(),
    nativeBinding,
    emit: (event, payload) => {
      for (const win of BrowserWindow.getAllWindows()) emit(win, event, payload);
    },
  });
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

export function setupServices(): MainServices {
  const dataDir = app.getPath('userData');
  const log = createLogger(dataDir);
  log.info({ version: app.getVersion(), dataDir, packaged: app.isPackaged }, 'facegate starting');
  try {
    const services = start(dataDir, log);
    return { dataDir, log, handlers: services.handlers, fault: null, close: () => services.close() };
  } catch (error) {
    const fault = startupFault(error);
    log.error({ code: fault.code, err: fault.message }, 'kiosk cannot start its services; opening the window anyway');
    const runtime = createFaultedRuntime(fault, log);
    return { dataDir, log, handlers: runtime.handlers, fault, close: runtime.close };
  }
}
