import type { Code } from '../common/codes';
import type { ReportStateRequest } from '../common/contract';
import { adminChannels } from '../common/admin-contract';
import { CodedError, type AdminHandlers, type Handlers, type KioskHandlers } from './ipc/dispatcher';
import type { Logger } from './logger';

/** What a host (Electron's main, the Node host) needs of the services: handlers, state reports, close. */
export interface KioskRuntime {
  handlers: Handlers;
  onState(listener: (state: ReportStateRequest) => void): () => void;
  close(): Promise<void>;
}

export interface StartupFault {
  code: Code;
  message: string;
}

/**
 * Fans the renderer's state reports out to the operator log and to listeners (the simulator). The
 * log keeps both streams: the loop's raw per-frame codes (for diagnosis: what the camera saw) and,
 * marked `shown: true`, what the screen let the visitor read.
 */
export function stateReporter(log: Logger) {
  const listeners = new Set<(state: ReportStateRequest) => void>();
  return {
    report(request: ReportStateRequest): null {
      log.debug({ state: request.state, code: request.code, ...(request.shown && { shown: true }) }, 'kiosk state');
      for (const listener of listeners) listener(request);
      return null;
    },
    onState(listener: (state: ReportStateRequest) => void) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
}

/**
 * For a runtime without an admin screen (the CLI's one-shot services, a test rig of the door
 * alone): every admin channel answers ADMIN_REQUIRED, and says why.
 */
export function withoutAdmin(kiosk: KioskHandlers): Handlers {
  const refuse = (): never => {
    throw new CodedError('ADMIN_REQUIRED', 'this host has no admin screen');
  };
  const admin = Object.fromEntries(
    Object.keys(adminChannels).map((name) => [name, refuse]),
  ) as unknown as AdminHandlers;
  return { ...kiosk, ...admin };
}

/**
 * A kiosk that cannot start its services (bad settings, no database) still answers: every call that
 * needs them fails with the startup fault's code, so the renderer puts the reason on screen instead
 * of a blank page, and state reports still reach the log.
 */
export function createFaultedRuntime(fault: StartupFault, log: Logger): KioskRuntime {
  const refuse = (): never => {
    throw new CodedError(fault.code, fault.message);
  };
  const states = stateReporter(log);
  return {
    handlers: withoutAdmin({
      submitFrame: refuse,
      confirmLiveness: refuse,
      getKioskInfo: refuse,
      reportState: (request) => states.report(request),
    }),
    onState: states.onState,
    close: async () => {},
  };
}

/** The fault to show for an error thrown while starting services. */
export function startupFault(error: unknown): StartupFault {
  return error instanceof CodedError
    ? { code: error.code, message: error.message }
    : { code: 'INTERNAL_ERROR', message: error instanceof Error ? error.message : String(error) };
}
