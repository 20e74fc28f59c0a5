import { app, powerSaveBlocker, type BrowserWindow } from 'electron';
import { CrashLoopGuard, formatHistory, parseHistory } from '../core/crash-loop';
import { DisplaySleepService } from '../core/display-sleep-service';
import type { Logger } from '../core/logger';

/**
 * The kiosk's whole lifecycle in one place (after Mattermost's CriticalErrorHandler): keep the
 * screen on, bring a dead or hung renderer back, stop when restarting no longer helps, relaunch
 * after a main-process fault, and close the services cleanly on the way out.
 */

/** Main-process fault times, carried to the relaunched process so a crash at start-up cannot loop forever. */
const MAIN_FAULTS_ENV = 'FACEGATE_MAIN_FAULTS';
const CLOSE_TIMEOUT_MS = 3_000;
const FORCED_CRASH_GRACE_MS = 5_000;
const UNRESPONSIVE_GRACE_MS = 10_000;

/** Install early: a fault while starting deserves a relaunch (and a log line) as much as one later on. */
export function setupCrashRelaunch(log: Logger): void {
  const guard = new CrashLoopGuard(undefined, Date.now, parseHistory(process.env[MAIN_FAULTS_ENV]));
  process.on('uncaughtException', (error) => {
    const verdict = guard.record();
    if (verdict.action === 'give-up') {
      log.fatal({ err: error, reason: verdict.reason }, 'main process keeps failing; exiting without relaunch');
      app.exit(1);
      return;
    }
    log.fatal({ err: error, recent: verdict.recent }, 'main process fault; relaunching');
    // The relaunched process inherits our environment, and with it the fault history.
    process.env[MAIN_FAULTS_ENV] = formatHistory(guard.history());
    app.relaunch();
    app.exit(1);
  });
  // A stray rejection is a bug to fix, not a reason to drop the door: log it loudly and carry on.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection in main'));
}

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** A page that needs nothing from the renderer build, shown when reloading stopped helping. */
function faultPage(reason: string): string {
  const html =
    '<!doctype html><meta charset="utf-8"><title>facegate</title>' +
    '<body style="background:#000;color:#eee;font:28px sans-serif;display:grid;place-items:center;height:100vh;margin:0">' +
    `<div><h1>Out of order</h1><p>Please use another entrance.</p><p style="font-size:16px;color:#888">${escapeHtml(reason)}</p></div>`;
  return `data:text/html;charset=utf-8,${encodeURIComponent(html)}`;
}

export interface LifecycleOptions {
  win: BrowserWindow;
  log: Logger;
  /** Releases the database and the relay; awaited (up to a limit) before the process exits. */
  close: () => Promise<void>;
}

export function setupLifecycle({ win, log, close }: LifecycleOptions): void {
  const displaySleep = new DisplaySleepService(powerSaveBlocker);
  displaySleep.setEnabled(true);

  const guard = new CrashLoopGuard();
  let gaveUp = false;
  // forcefullyCrashRenderer() raises render-process-gone ('killed') too; that one is ours, not a
  // second fault. A time limit keeps a kill that raised no event from hiding a later real crash.
  let forcedCrashAt = -Infinity;

  const recover = (fault: string): void => {
    if (win.isDestroyed()) return;
    if (gaveUp) {
      log.fatal({ fault }, 'the fault page itself failed; quitting');
      app.exit(1);
      return;
    }
    const verdict = guard.record();
    if (verdict.action === 'give-up') {
      gaveUp = true;
      log.fatal({ fault, reason: verdict.reason }, 'renderer keeps failing; showing the fault page');
      void win.loadURL(faultPage(`${fault}: ${verdict.reason}`));
      return;
    }
    log.error({ fault, recent: verdict.recent }, 'renderer fault; reloading');
    win.webContents.reload();
  };

  win.webContents.on('render-process-gone', (_event, details) => {
    if (details.reason === 'killed' && Date.now() - forcedCrashAt < FORCED_CRASH_GRACE_MS) {
      forcedCrashAt = -Infinity;
      return;
    }
    // clean-exit is the renderer closing normally (window closing, quitting): nothing to recover.
    if (details.reason === 'clean-exit') return;
    recover(`render-process-gone: ${details.reason} (exit code ${details.exitCode})`);
  });
  // Loading the face models can block the renderer for a while on a slow box: give it a grace
  // period to answer again before treating the hang as a fault.
  let hangTimer: NodeJS.Timeout | undefined;
  win.on('unresponsive', () => {
    if (hangTimer) return;
    log.warn({ graceMs: UNRESPONSIVE_GRACE_MS }, 'renderer unresponsive');
    hangTimer = setTimeout(() => {
      hangTimer = undefined;
      if (win.isDestroyed()) return;
      // A hung renderer cannot be reloaded politely: kill it first, as Electron's docs advise.
      forcedCrashAt = Date.now();
      win.webContents.forcefullyCrashRenderer();
      recover('unresponsive');
    }, UNRESPONSIVE_GRACE_MS);
  });
  win.on('responsive', () => {
    if (!hangTimer) return;
    clearTimeout(hangTimer);
    hangTimer = undefined;
    log.info('renderer responsive again');
  });

  app.on('second-instance', () => {
    // The lock made the newcomer quit; bring ours to the front in case something covered it.
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    displaySleep.setEnabled(false);
    const timeout = new Promise<void>((resolve) => setTimeout(resolve, CLOSE_TIMEOUT_MS).unref());
    void Promise.race([close(), timeout])
      .catch((error: unknown) => log.error({ err: error }, 'closing services failed'))
      .finally(() => {
        closed = true;
        log.info('facegate stopped');
        app.quit();
      });
  });
}
