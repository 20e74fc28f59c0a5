import type { CloseOutcome } from './close-once';
import type { ShellLogger } from './shell-deps';

/**
 * SIGTERM (systemd, `kill`, a shutdown), SIGINT (Ctrl-C) and SIGHUP (the terminal went away) must
 * not stop the kiosk mid-pulse with the door held open: each runs the same close as quitting (the
 * relay's rest command, the database closed, within its time limit) and only then exits.
 *
 * Node's default for these signals is to die at once. Electron installs its own POSIX handlers
 * (plain sigaction, when its message loop is created) that call app.quit(), which reaches the kiosk's
 * will-quit close; Node installs its handler (also sigaction) when the first listener is added, and
 * whichever was installed last is the one the OS calls. Main adds these listeners after `ready`, so
 * they are normally the ones that run; if Electron's run instead, quitting closes through the same
 * closeOnce. Either way the close runs, once.
 *
 * SIGKILL runs nothing: the rest command is never sent, and a latching board keeps the door open
 * until the kiosk starts again (start() rests the contact before anything else). A power cut that
 * also takes the board's power drops the contact; a board on its own supply keeps it. Only a board
 * with a timed (jog / delay) mode of its own closes by itself in both cases.
 */
export const SHUTDOWN_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type ShutdownSignal = (typeof SHUTDOWN_SIGNALS)[number];

export interface SignalProcessLike {
  on(signal: ShutdownSignal, listener: () => void): unknown;
}

export interface ShutdownSignalDeps {
  process: SignalProcessLike;
  /** The shared close (closeOnce): the same run quitting uses, bounded in time. */
  close: () => Promise<CloseOutcome>;
  /** app.exit in the kiosk, process.exit elsewhere. */
  exit: (code: number) => void;
  log: ShellLogger;
}

export function setupShutdownSignals(deps: ShutdownSignalDeps): void {
  const { log } = deps;
  let stopping = false;
  for (const signal of SHUTDOWN_SIGNALS) {
    deps.process.on(signal, () => {
      // A second Ctrl-C while closing: the close is already bounded, and exiting now would cut it.
      if (stopping) {
        log.warn({ signal }, 'already stopping: the door is being put to rest');
        return;
      }
      stopping = true;
      log.info({ signal }, 'stopping on a signal: putting the door to rest first');
      void deps.close().then(
        (outcome) => {
          log.info({ signal, outcome }, 'facegate stopped');
          // Not 128+n: a supervisor (systemd) reads a stop it asked for and that went well as 0.
          deps.exit(outcome === 'closed' ? 0 : 1);
        },
        // closeOnce never rejects; if it ever did, leaving is still the answer to the signal.
        () => deps.exit(1),
      );
    });
  }
}
