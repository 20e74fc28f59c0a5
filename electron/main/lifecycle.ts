import { homedir } from 'node:os';
import { app, BrowserWindow, Menu, powerSaveBlocker } from 'electron';
import type { CloseOutcome } from '../core/shell/close-once';
import { setupCrashRelaunch as setupCoreCrashRelaunch } from '../core/shell/crash-relaunch';
import { faultPageUrl, faultWindowOptions } from '../core/shell/fault-page';
import { setupKioskLifecycle } from '../core/shell/kiosk-lifecycle';
import type { OperatorAlert, ShellLogger } from '../core/shell/shell-deps';
import { setupShutdownSignals as setupCoreShutdownSignals } from '../core/shell/shutdown-signals';
import { applyStartAtLogin } from '../core/shell/start-at-login';
import { kioskWindowMode } from '../core/shell/window-options';

/**
 * Electron's side of the kiosk lifecycle: hands the real app, window, process and power-save
 * blocker to core/shell, where the decisions live and are tested (kiosk-lifecycle, crash-relaunch,
 * shutdown-signals, start-at-login).
 */

/** The operator alert goes to the log at fatal level, flagged for whoever watches the log. */
const alertOperator =
  (log: ShellLogger) =>
  (alert: OperatorAlert): void =>
    log.fatal({ alert: true, ...alert }, `operator alert: ${alert.kind}`);

/** Install first: a fault while starting deserves a relaunch (and a log line) as much as one later on. */
export function setupCrashRelaunch(log: ShellLogger): void {
  setupCoreCrashRelaunch({ process, app, log, onOperatorAlert: alertOperator(log) });
}

/** After ready (see core/shell/shutdown-signals.ts for why then): SIGINT, SIGTERM, SIGHUP close, then exit. */
export function setupShutdownSignals(close: () => Promise<CloseOutcome>, log: ShellLogger): void {
  setupCoreShutdownSignals({ process, close, exit: (code) => app.exit(code), log });
}

export interface LifecycleOptions {
  win: BrowserWindow;
  log: ShellLogger;
  /** Releases the database and the relay; awaited (up to a limit) before the process exits. */
  close: () => Promise<void>;
}

export function setupLifecycle({ win, log, close }: LifecycleOptions): void {
  setupKioskLifecycle({ app, win, powerSaveBlocker, log, close, onOperatorAlert: alertOperator(log) });
}

/** A kiosk that could not start: the fault page, in a window as the kiosk's would be, and nothing else. */
export function createFaultWindow(reason: string, log: ShellLogger): BrowserWindow {
  Menu.setApplicationMenu(null);
  const win = new BrowserWindow(faultWindowOptions(kioskWindowMode(process.env, app.isPackaged)));
  win
    .loadURL(faultPageUrl(reason))
    .catch((error: unknown) => log.error({ err: error }, 'loading the fault page failed'));
  return win;
}

/** settings.kiosk.startAtLogin, applied at each start so the OS entry follows the setting. */
export function setupStartAtLogin(enabled: boolean, log: ShellLogger): void {
  try {
    const result = applyStartAtLogin(enabled, process.platform, {
      app,
      env: process.env,
      homedir: homedir(),
      execPath: process.execPath,
      // Unpackaged, the executable is Electron itself and needs to be told which app to run.
      args: app.isPackaged ? [] : [app.getAppPath()],
    });
    log.info({ enabled, ...result }, 'start at login applied');
  } catch (error) {
    log.error({ err: error, enabled }, 'could not apply start at login');
  }
}
