import { app } from 'electron';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { setupIpc } from './ipc';
import { createKioskWindow } from './kiosk-window';
import { setupDownloads } from './downloads';
import { setupCrashRelaunch, setupLifecycle, setupStartAtLogin } from './lifecycle';
import { setupPermissions, setupSecurityBaseline } from './security';
import { setupDataDir, setupServices } from './services';

/**
 * Bootstrap as a list of steps (after Electron Fiddle's main.ts): each feature wires itself in one
 * setupX() call, in an order that matters and is written down here, nowhere else.
 */
function main(): void {
  // Before ready: sandbox switch and privileged scheme are ignored once the app is ready.
  setupSecurityBaseline();
  registerAppScheme();

  // Settings are applied at start and after every admin save; start-at-login needs the app ready.
  const services = setupServices((loaded, log) => {
    void app.whenReady().then(() => setupStartAtLogin(loaded.settings.kiosk.startAtLogin, log));
  });
  setupCrashRelaunch(services.log);
  setupIpc(services.handlers, services.log);

  void app.whenReady().then(() => {
    setupPermissions();
    setupDownloads(services.dataDir, services.log);
    serveRenderer();
    const win = createKioskWindow();
    setupLifecycle({ win, log: services.log, close: services.close });
  });
}

// First of all: a second kiosk would fight the first for the camera, the relay and the database.
// The data folder is the lock's key, so it is settled just before.
setupDataDir();
if (app.requestSingleInstanceLock()) {
  main();
} else {
  app.quit();
}
