import { homedir } from 'node:os';
import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import type { Logger } from '../core/logger';
import { setupCrashRelaunch as setupCoreCrashRelaunch } from '../core/shell/crash-relaunch';
import { setupKioskLifecycle } from '../core/shell/kiosk-lifecycle';
import type { OperatorAlert } from '../core/shell/shell-deps';
import { applyStartAtLogin } from '../core/shell/start-at-login';

/**
 * Electron's side of the kiosk lifecycle: hands the real app, window and power-save blocker to
 * core/shell, where the decisions live and are tested (kiosk-lifecycle, crash-relaunch, start-at-login).
 */

/** The operator alert goes to the log at fatal level, flagged for whoever watches the log. */
const alertOperator =
  (log: Logger) =>
  (alert: OperatorAlert): void =>
    log.fatal({ alert: true, ...alert }, `operator alert: ${alert.kind}`);

/** Install early: a fault while starting deserves a relaunch (and a log line) as much as one later on. */
export function setupCrashRelaunch(log: Logger): void {
  setupCoreCrashRelaunch({ process, app, log, onOperatorAlert: alertOperator(log) });
}

export interface LifecycleOptions {
  win: BrowserWindow;
  log: Logger;
  /** Releases the database and the relay; awaited (up to a limit) before the process exits. */
  close: () => Promise<void>;
}

export function setupLifecycle({ win, log, close }: LifecycleOptions): void {
  setupKioskLifecycle({ app, win, powerSaveBlocker, log, close, onOperatorAlert: alertOperator(log) });
}

/** settings.kiosk.startAtLogin, applied at each start so the OS entry follows the setting. */
export function setupStartAtLogin(enabled: boolean, log: Logger): void {
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
