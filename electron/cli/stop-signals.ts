/**
 * Ctrl-C (SIGINT), SIGTERM and SIGHUP stop a command that may hold the door open by resting the
 * relay first: Node's default for these signals is to exit at once, which leaves a door that a
 * pulse opened open (the "off" was to come from a timer in this process). SIGKILL and a power cut
 * cannot be caught: only a board with a timed pulse of its own closes by itself then.
 */

/** The shell's convention: 128 + the signal's number. */
export const STOP_SIGNALS = { SIGHUP: 129, SIGINT: 130, SIGTERM: 143 } as const;

export type StopSignal = keyof typeof STOP_SIGNALS;

/** The part of `process` this needs (a test passes its own). */
export interface SignalTarget {
  on(signal: StopSignal, listener: () => void): unknown;
  off(signal: StopSignal, listener: () => void): unknown;
  exit(code: number): void;
}

export interface StopOptions {
  target?: SignalTarget;
  /** The longest the rest may take before exiting anyway (a write to a board that is gone times out at 2 s). */
  graceMs?: number;
  warn?: (line: string) => void;
}

/**
 * Until the returned function is called, the first stop signal runs `rest` (at most graceMs) and
 * then exits with 128 + the signal's number. Further signals while resting are ignored: the rest is
 * bounded anyway, and a second Ctrl-C must not be what leaves the door open.
 */
export function restOnStopSignals(rest: () => Promise<void>, options: StopOptions = {}): () => void {
  const target = options.target ?? process;
  const warn = options.warn ?? ((line: string) => console.error(line));
  const graceMs = options.graceMs ?? 5_000;
  let stopping = false;
  const listeners = (Object.keys(STOP_SIGNALS) as StopSignal[]).map((signal) => {
    const listener = () => {
      if (stopping) return;
      stopping = true;
      const code = STOP_SIGNALS[signal];
      warn(`facegate: ${signal}: resting the door relay, then exiting (${code})`);
      const deadline = setTimeout(() => target.exit(code), graceMs);
      void rest()
        .catch((error: unknown) => warn(`facegate: could not rest the door relay: ${(error as Error).message}`))
        .finally(() => {
          clearTimeout(deadline);
          target.exit(code);
        });
    };
    target.on(signal, listener);
    return { signal, listener };
  });
  return () => {
    for (const { signal, listener } of listeners) target.off(signal, listener);
  };
}
