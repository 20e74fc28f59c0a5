import { join } from 'node:path';
import type { Code } from '../common/codes';
import type { ReportStateRequest } from '../common/contract';
import type { Settings } from '../common/settings';
import { AccessController } from './access-controller';
import { CodedError, type Handlers } from './ipc/dispatcher';
import type { Logger } from './logger';
import { createDoorRelay, type DoorRelay } from './relay/door-relay';
import { AttemptLog } from './storage/attempt-log';
import { openDatabase } from './storage/database';
import { FacekiClient } from './verifier/faceki-client';
import type { Verifier } from './verifier/verifier';

export interface KioskServicesOptions {
  settings: Settings;
  dataDir: string;
  clientSecret: string;
  log: Logger;
  version: string;
  fetch?: typeof fetch;
  nativeBinding?: string;
  /** Overrides the relay built from settings (the simulator passes its own). */
  relay?: DoorRelay;
}

/** What a host (Electron's main, the Node host) needs of the services: handlers, state reports, close. */
export interface KioskRuntime {
  handlers: Handlers;
  onState(listener: (state: ReportStateRequest) => void): () => void;
  close(): Promise<void>;
}

export interface KioskServices extends KioskRuntime {
  controller: AccessController;
  attempts: AttemptLog;
  relay: DoorRelay;
}

export interface StartupFault {
  code: Code;
  message: string;
}

function stateReporter(log: Logger) {
  const listeners = new Set<(state: ReportStateRequest) => void>();
  return {
    report(request: ReportStateRequest): null {
      log.debug({ state: request.state, code: request.code }, 'kiosk state');
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
    handlers: { submitFrame: refuse, getKioskInfo: refuse, reportState: (request) => states.report(request) },
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

/**
 * A verifier that cannot be built (bad URL, missing credentials) still answers every attempt, with
 * INVALID_CONFIG, so each one is logged and the kiosk shows the operator what to fix.
 */
class MisconfiguredVerifier implements Verifier {
  constructor(private readonly message: string) {}
  async verify() {
    return { kind: 'error' as const, code: 'INVALID_CONFIG' as const, message: this.message };
  }
}

function buildVerifier(options: KioskServicesOptions): Verifier {
  const v = options.settings.verifier;
  try {
    return new FacekiClient({
      ...v,
      clientSecret: options.clientSecret,
      ...(options.fetch && { fetch: options.fetch }),
    });
  } catch (error) {
    if (error instanceof CodedError) {
      options.log.error({ code: error.code, err: error.message }, 'verifier misconfigured');
      return new MisconfiguredVerifier(error.message);
    }
    throw error;
  }
}

/** Wires the main-process services from settings. Electron's main and the Node host both call this. */
export function createKioskServices(options: KioskServicesOptions): KioskServices {
  const { settings, log } = options;
  const db = openDatabase(join(options.dataDir, 'facegate.db'), {
    ...(options.nativeBinding && { nativeBinding: options.nativeBinding }),
  });
  const attempts = new AttemptLog(db);
  const relay = options.relay ?? createDoorRelay(settings.relay);
  const controller = new AccessController({ verifier: buildVerifier(options), relay, attempts, log });
  const states = stateReporter(log);

  const handlers: Handlers = {
    submitFrame: (request) => controller.attempt(request.image, request.mime, 'kiosk'),
    reportState: (request) => states.report(request),
    getKioskInfo: () => ({ version: options.version, gate: settings.gate, resultDisplayMs: settings.resultDisplayMs }),
  };

  return {
    handlers,
    controller,
    attempts,
    relay,
    onState: states.onState,
    async close() {
      await relay.close();
      db.close();
    },
  };
}
