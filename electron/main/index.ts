import { resolve } from 'node:path';
import { app, type BrowserWindow } from 'electron';
import { closeOnce } from '../core/shell/close-once';
import { faultReason } from '../core/shell/fault-page';
import { DEFAULT_LIFECYCLE_TIMINGS } from '../core/shell/kiosk-lifecycle';
import { StartupLog } from '../core/shell/startup-log';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { setupDownloads } from './downloads';
import { createKioskWindow } from './kiosk-window';
import { createFaultWindow, setupCrashRelaunch, setupLifecycle, setupShutdownSignals } from './lifecycle';
import { setupPermissions, setupSecurityBaseline } from './security';
import type { MainServices } from './services';

/**
 * Bootstrap as a list of steps (after Electron Fiddle's main.ts): each feature wires itself in one
 * setupX() call, in an order that matters and is written down here, nowhere else.
 *
 * Only Electron and small modules of our own are imported above. Native code (better-sqlite3,
 * serialport, sharp), the operator log and the secrets load with ./services, imported after ready
 * inside a try: a broken native build, an unreadable secrets.json or a log that cannot be opened
 * ends on the fault page with a log line, never on Electron's "A JavaScript error occurred in the
 * main process" dialog, which would sit on the door's screen until someone clicks it.
 */

// Before anything that can fail: a log (stderr until the operator log is open), then the fault handler.
const log = new StartupLog(process.stderr);
setupCrashRelaunch(log);

/**
 * FACEGATE_DATA_DIR, when set, becomes userData itself: the data folder is then also Chromium's
 * profile and the key of the single-instance lock, so a test or a second kiosk on its own folder
 * never collides with a running one. Call before taking the lock.
 */
function setupDataDir(): void {
  const override = process.env.FACEGATE_DATA_DIR;
  if (override) app.setPath('userData', resolve(override));
}

type Started = { services: MainServices } | { fault: unknown };

async function startServices(earlyFault: { error: unknown } | null): Promise<Started> {
  try {
    if (earlyFault) throw earlyFault.error;
    const { setupServices } = await import('./services');
    return { services: await setupServices(log) };
  } catch (error) {
    // Flagged like the crash-loop alerts: the door is out of order until someone acts.
    log.fatal({ alert: true, err: error }, 'facegate cannot start; showing the fault page');
    return { fault: error };
  }
}

function openKiosk(services: MainServices): BrowserWindow {
  setupPermissions();
  setupDownloads(services.dataDir, services.log);
  serveRenderer();
  return createKioskWindow();
}

async function onReady(earlyFault: { error: unknown } | null): Promise<void> {
  const starting = startServices(earlyFault);
  // Whoever asks first, a signal or quitting, closes the services once; a signal during start waits for them.
  const close = closeOnce(
    async () => {
      const started = await starting;
      if ('services' in started) await started.services.close();
    },
    { timeoutMs: DEFAULT_LIFECYCLE_TIMINGS.closeTimeoutMs, log },
  );
  setupShutdownSignals(close, log);
  const started = await starting;
  try {
    const win =
      'services' in started ? openKiosk(started.services) : createFaultWindow(faultReason(started.fault), log);
    setupLifecycle({ win, log, close: async () => void (await close()) });
  } catch (error) {
    // Not even a window: nothing left to show the fault on. The relay may be open: rest it first.
    log.fatal({ alert: true, err: error }, 'cannot open the kiosk window; exiting');
    await close();
    app.exit(1);
  }
}

let earlyFault: { error: unknown } | null = null;
let primary = true;
try {
  // First of all: a second kiosk would fight the first for the camera, the relay and the database.
  // The data folder is the lock's key, so it is settled just before.
  setupDataDir();
  primary = app.requestSingleInstanceLock();
  if (primary) {
    // Before ready: the sandbox switch and the privileged scheme are ignored once the app is ready.
    setupSecurityBaseline();
    registerAppScheme();
  }
} catch (error) {
  // Shown on the fault page once there can be a window.
  earlyFault = { error };
}
if (primary) {
  void app.whenReady().then(() => onReady(earlyFault));
} else {
  app.quit();
}
