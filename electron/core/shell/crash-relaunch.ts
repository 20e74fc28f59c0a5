import { CrashLoopGuard, DEFAULT_CRASH_LOOP, formatHistory, parseHistory, type CrashLoopOptions } from '../crash-loop';
import type { OperatorAlert, ShellLogger } from './shell-deps';

/**
 * A main-process fault (an exception nobody caught) leaves the door's controller in an unknown
 * state: relaunch the whole app, as Mattermost's CriticalErrorHandler does. The fault times travel
 * to the relaunched process in an environment variable, so a fault during start-up cannot turn
 * into an endless relaunch loop.
 */
export const MAIN_FAULTS_ENV = 'FACEGATE_MAIN_FAULTS';

export interface FaultProcessLike {
  env: Record<string, string | undefined>;
  /** process.argv: [the executable, ...the arguments this run was started with]. */
  argv: readonly string[];
  on(event: 'uncaughtException', listener: (error: Error) => void): unknown;
  on(event: 'unhandledRejection', listener: (reason: unknown) => void): unknown;
}

/** Electron's RelaunchOptions. */
export interface RelaunchOptionsLike {
  execPath?: string;
  args?: string[];
}

export interface RelaunchAppLike {
  relaunch(options?: RelaunchOptionsLike): void;
  exit(exitCode?: number): void;
}

/**
 * What app.relaunch() needs to start us again. Inside an AppImage, process.execPath lies in the
 * image's temporary mount, unmounted when this process exits: the relaunch must run $APPIMAGE, the
 * file itself. Given an execPath, Electron takes `args` as the whole argument list after it (not
 * adding this run's), hence process.argv without its first entry, the old executable.
 */
export function relaunchOptions(process: Pick<FaultProcessLike, 'env' | 'argv'>): RelaunchOptionsLike | undefined {
  // As in start-at-login.ts; an empty APPIMAGE is no AppImage.
  const appImage = process.env.APPIMAGE;
  return appImage ? { execPath: appImage, args: process.argv.slice(1) } : undefined;
}

export interface CrashRelaunchDeps {
  process: FaultProcessLike;
  app: RelaunchAppLike;
  log: ShellLogger;
  /** Called when relaunching gave up: the kiosk is gone until someone starts it again. */
  onOperatorAlert?: (alert: OperatorAlert) => void;
  now?: () => number;
  crashLoop?: CrashLoopOptions;
}

/** Install early: a fault while starting deserves a relaunch (and a log line) as much as one later on. */
export function setupCrashRelaunch(deps: CrashRelaunchDeps): void {
  const { process, app, log } = deps;
  const now = deps.now ?? (() => Date.now());
  const guard = new CrashLoopGuard(
    deps.crashLoop ?? DEFAULT_CRASH_LOOP,
    now,
    parseHistory(process.env[MAIN_FAULTS_ENV]),
  );

  process.on('uncaughtException', (error) => {
    const verdict = guard.record();
    if (verdict.action === 'give-up') {
      log.fatal({ err: error, reason: verdict.reason }, 'main process keeps failing; exiting without relaunch');
      try {
        deps.onOperatorAlert?.({
          kind: 'main-crash-loop',
          fault: error instanceof Error ? error.message : String(error),
          reason: verdict.reason,
          recent: verdict.recent,
        });
      } catch {
        // Nothing left to tell it to: exiting matters more than the alert.
      }
      app.exit(1);
      return;
    }
    log.fatal({ err: error, recent: verdict.recent }, 'main process fault; relaunching');
    // The relaunched process inherits our environment, and with it the fault history.
    process.env[MAIN_FAULTS_ENV] = formatHistory(guard.history());
    app.relaunch(relaunchOptions(process));
    app.exit(1);
  });
  // A stray rejection is a bug to fix, not a reason to drop the door: log it loudly and carry on.
  process.on('unhandledRejection', (reason) => log.error({ err: reason }, 'unhandled promise rejection in main'));
}
