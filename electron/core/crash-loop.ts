/**
 * Decides whether a fault (renderer gone, window hung, main-process exception) may be answered by
 * restarting, or whether restarts have stopped helping. Without a limit a renderer that dies on
 * load would reload forever: a flickering kiosk that burns CPU and fills the log, instead of an
 * error page an operator can read.
 */
export interface CrashLoopOptions {
  /** This many faults inside windowMs is a loop: the fault that reaches it is not restarted. */
  maxFaults: number;
  windowMs: number;
}

export type CrashVerdict =
  { action: 'restart'; recent: number } | { action: 'give-up'; recent: number; reason: string };

export const DEFAULT_CRASH_LOOP: CrashLoopOptions = { maxFaults: 3, windowMs: 60_000 };

export class CrashLoopGuard {
  private times: number[];

  /** `history` seeds earlier fault times, e.g. carried across a relaunch in an environment variable. */
  constructor(
    private readonly options: CrashLoopOptions = DEFAULT_CRASH_LOOP,
    private readonly now: () => number = Date.now,
    history: readonly number[] = [],
  ) {
    if (!(options.maxFaults >= 1) || !(options.windowMs > 0)) {
      throw new RangeError(
        `crash-loop limit must be at least 1 fault in a positive window, got ${JSON.stringify(options)}`,
      );
    }
    this.times = history.filter((t) => Number.isFinite(t));
  }

  /** Records one fault now and says whether to restart. */
  record(): CrashVerdict {
    const now = this.now();
    this.times = [...this.times.filter((t) => now - t < this.options.windowMs), now];
    const recent = this.times.length;
    if (recent >= this.options.maxFaults) {
      const seconds = Math.round(this.options.windowMs / 1000);
      return {
        action: 'give-up',
        recent,
        reason: `${recent} faults within ${seconds} s (limit ${this.options.maxFaults})`,
      };
    }
    return { action: 'restart', recent };
  }

  /** Fault times still inside the window, oldest first (what a relaunch should carry over). */
  history(): number[] {
    const now = this.now();
    return this.times.filter((t) => now - t < this.options.windowMs);
  }
}

/** Reads a history written by formatHistory; anything unparsable is dropped rather than trusted. */
export function parseHistory(text: string | undefined): number[] {
  if (!text) return [];
  return text
    .split(',')
    .map((part) => Number(part))
    .filter((t) => Number.isSafeInteger(t) && t > 0);
}

export const formatHistory = (times: readonly number[]): string => times.join(',');
