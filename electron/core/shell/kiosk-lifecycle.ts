import { CrashLoopGuard, DEFAULT_CRASH_LOOP, type CrashLoopOptions } from '../crash-loop';
import { closeWithin } from './close-once';
import { DisplaySleepService, type PowerSaveBlockerLike } from '../display-sleep-service';
import type { PreventableEvent } from './contents-lockdown';
import { faultPageUrl } from './fault-page';
import { systemClock, type Clock, type OperatorAlert, type ShellLogger } from './shell-deps';

/**
 * The kiosk's whole lifecycle in one place (after Mattermost's CriticalErrorHandler): keep the
 * screen on, bring a dead or hung renderer back, stop when restarting no longer helps, and close the
 * services cleanly on the way out. Electron's app, window and power-save blocker come in through
 * the interfaces below, so every path here runs under vitest with fakes and fake timers.
 */

export interface RenderProcessGoneDetailsLike {
  reason: string;
  exitCode: number;
}

export interface KioskWebContentsLike {
  on(event: 'render-process-gone', listener: (event: unknown, details: RenderProcessGoneDetailsLike) => void): unknown;
  reload(): void;
  forcefullyCrashRenderer(): void;
}

export interface KioskWindowLike {
  readonly webContents: KioskWebContentsLike;
  on(event: 'unresponsive', listener: () => void): unknown;
  on(event: 'responsive', listener: () => void): unknown;
  isDestroyed(): boolean;
  isMinimized(): boolean;
  restore(): void;
  focus(): void;
  loadURL(url: string): Promise<unknown>;
}

export interface LifecycleAppLike {
  on(event: 'second-instance', listener: () => void): unknown;
  on(event: 'window-all-closed', listener: () => void): unknown;
  on(event: 'will-quit', listener: (event: PreventableEvent) => void): unknown;
  quit(): void;
  exit(exitCode?: number): void;
}

export interface LifecycleTimings {
  /** How long quitting waits for close() (relay at rest, database closed) before going anyway. */
  closeTimeoutMs: number;
  /** forcefullyCrashRenderer() raises render-process-gone itself; within this time that event is ours. */
  forcedCrashGraceMs: number;
  /** Loading the face models can block a slow box for a while: a hang shorter than this is forgiven. */
  unresponsiveGraceMs: number;
}

export const DEFAULT_LIFECYCLE_TIMINGS: LifecycleTimings = {
  closeTimeoutMs: 3_000,
  forcedCrashGraceMs: 5_000,
  unresponsiveGraceMs: 10_000,
};

export interface KioskLifecycleDeps {
  app: LifecycleAppLike;
  win: KioskWindowLike;
  powerSaveBlocker: PowerSaveBlockerLike;
  log: ShellLogger;
  /** Releases the database and puts the relay at rest; awaited (up to a limit) before the process exits. */
  close: () => Promise<void>;
  /** Called once when the renderer keeps failing and the fault page is up. */
  onOperatorAlert: (alert: OperatorAlert) => void;
  clock?: Clock;
  crashLoop?: CrashLoopOptions;
  timings?: Partial<LifecycleTimings>;
}

export function setupKioskLifecycle(deps: KioskLifecycleDeps): void {
  const { app, win, log } = deps;
  const clock = deps.clock ?? systemClock;
  const timings = { ...DEFAULT_LIFECYCLE_TIMINGS, ...deps.timings };

  const displaySleep = new DisplaySleepService(deps.powerSaveBlocker);
  displaySleep.setEnabled(true);

  const guard = new CrashLoopGuard(deps.crashLoop ?? DEFAULT_CRASH_LOOP, () => clock.now());
  let gaveUp = false;
  let forcedCrashAt = -Infinity;
  let hangTimer: unknown;

  const cancelHangTimer = (): void => {
    if (hangTimer === undefined) return;
    clock.clearTimeout(hangTimer);
    hangTimer = undefined;
  };

  const recover = (fault: string): void => {
    if (win.isDestroyed()) return;
    // A pending hang verdict was about the renderer that just went; it must not kill the next one.
    cancelHangTimer();
    if (gaveUp) {
      // The data: fault page needs nothing from us; if even it dies, the machine is the problem.
      log.fatal({ fault }, 'the fault page itself failed; quitting');
      app.exit(1);
      return;
    }
    const verdict = guard.record();
    if (verdict.action === 'restart') {
      log.error({ fault, recent: verdict.recent }, 'renderer fault; reloading');
      win.webContents.reload();
      return;
    }
    gaveUp = true;
    log.fatal({ fault, reason: verdict.reason }, 'renderer keeps failing; showing the fault page');
    win
      .loadURL(faultPageUrl(`${fault}: ${verdict.reason}`))
      .catch((error: unknown) => log.error({ err: error }, 'loading the fault page failed'));
    try {
      deps.onOperatorAlert({ kind: 'renderer-crash-loop', fault, reason: verdict.reason, recent: verdict.recent });
    } catch (error) {
      log.error({ err: error }, 'raising the operator alert failed');
    }
  };

  win.webContents.on('render-process-gone', (_event, details) => {
    // Our own forcefullyCrashRenderer() reports as 'killed' or 'crashed'; recover() already ran for
    // it. The time limit keeps a kill that raised no event from hiding a later, real crash.
    const ours = details.reason === 'killed' || details.reason === 'crashed';
    if (ours && clock.now() - forcedCrashAt < timings.forcedCrashGraceMs) {
      forcedCrashAt = -Infinity;
      return;
    }
    // clean-exit is the renderer closing normally (window closing, quitting): nothing to recover.
    if (details.reason === 'clean-exit') return;
    recover(`render-process-gone: ${details.reason} (exit code ${details.exitCode})`);
  });

  win.on('unresponsive', () => {
    if (hangTimer !== undefined) return;
    log.warn({ graceMs: timings.unresponsiveGraceMs }, 'renderer unresponsive');
    hangTimer = clock.setTimeout(() => {
      hangTimer = undefined;
      if (win.isDestroyed()) return;
      // A hung renderer cannot be reloaded politely: kill it first, and reload() then starts a new
      // process (Electron's documented recovery from 'unresponsive').
      forcedCrashAt = clock.now();
      win.webContents.forcefullyCrashRenderer();
      recover('unresponsive');
    }, timings.unresponsiveGraceMs);
  });
  win.on('responsive', () => {
    if (hangTimer === undefined) return;
    cancelHangTimer();
    log.info({}, 'renderer responsive again');
  });

  app.on('second-instance', () => {
    // The lock made the newcomer quit; bring ours to the front in case something covered it.
    if (win.isDestroyed()) return;
    if (win.isMinimized()) win.restore();
    win.focus();
  });
  app.on('window-all-closed', () => app.quit());

  let closing = false;
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    // Quitting waits for close(); a second quit request meanwhile must not start a second close.
    event.preventDefault();
    if (closing) return;
    closing = true;
    displaySleep.setEnabled(false);
    void closeWithin(deps.close, timings.closeTimeoutMs, clock, log).finally(() => {
      closed = true;
      log.info({}, 'facegate stopped');
      app.quit();
    });
  });
}
