/**
 * What the shell modules receive instead of reaching for Electron, the process and the global
 * timers themselves (house style 5): main passes the real ones, tests pass fakes.
 */

/** The log calls the shell makes; pino's Logger fits. */
export interface ShellLogger {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
  fatal(fields: object, message: string): void;
}

/** Something an operator must act on: the kiosk has stopped serving the door by itself. */
export interface OperatorAlert {
  kind: 'renderer-crash-loop' | 'main-crash-loop';
  /** The fault that reached the limit, e.g. "render-process-gone: crashed (exit code 139)". */
  fault: string;
  /** The limit that was reached, from CrashLoopGuard. */
  reason: string;
  recent: number;
}

export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * The real clock, looked up at each call so that vi.useFakeTimers() (installed after import)
 * still takes effect.
 */
export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};
