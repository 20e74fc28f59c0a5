import { systemClock, type Clock, type ShellLogger } from './shell-deps';

/** How closing the services ended: only 'closed' means the relay is known to be at rest. */
export type CloseOutcome = 'closed' | 'timed-out' | 'failed';

/** Runs close() but gives up waiting after `ms`: a stuck serial port must not keep a dead kiosk on screen. */
export async function closeWithin(
  close: () => Promise<void>,
  ms: number,
  clock: Clock,
  log: ShellLogger,
): Promise<CloseOutcome> {
  let timer: unknown;
  const timedOut = new Promise<'timed-out'>((resolve) => {
    timer = clock.setTimeout(() => resolve('timed-out'), ms);
  });
  let closing: Promise<void>;
  try {
    closing = close();
  } catch (error) {
    closing = Promise.reject(error);
  }
  try {
    const outcome = await Promise.race([closing.then(() => 'closed' as const), timedOut]);
    if (outcome === 'timed-out') log.error({ timeoutMs: ms }, 'closing services timed out; quitting anyway');
    return outcome;
  } catch (error) {
    log.error({ err: error }, 'closing services failed');
    return 'failed';
  } finally {
    clock.clearTimeout(timer);
  }
}

export interface CloseOnceOptions {
  timeoutMs: number;
  log: ShellLogger;
  clock?: Clock;
}

/**
 * The one way the kiosk's services are closed, whoever asks first (Electron quitting, a signal):
 * every caller gets the same run and its outcome, so the relay's rest command and the database's
 * close happen once.
 */
export function closeOnce(close: () => Promise<void>, options: CloseOnceOptions): () => Promise<CloseOutcome> {
  let run: Promise<CloseOutcome> | null = null;
  return () => (run ??= closeWithin(close, options.timeoutMs, options.clock ?? systemClock, options.log));
}
