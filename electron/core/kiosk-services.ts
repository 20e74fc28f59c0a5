import { join } from 'node:path';
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

export interface KioskServices {
  handlers: Handlers;
  controller: AccessController;
  attempts: AttemptLog;
  relay: DoorRelay;
  onState(listener: (state: ReportStateRequest) => void): () => void;
  close(): Promise<void>;
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
  const stateListeners = new Set<(state: ReportStateRequest) => void>();

  const handlers: Handlers = {
    submitFrame: (request) => controller.attempt(request.image, request.mime, 'kiosk'),
    reportState: (request) => {
      log.debug({ state: request.state, code: request.code }, 'kiosk state');
      for (const listener of stateListeners) listener(request);
      return null;
    },
    getKioskInfo: () => ({ version: options.version, gate: settings.gate, resultDisplayMs: settings.resultDisplayMs }),
  };

  return {
    handlers,
    controller,
    attempts,
    relay,
    onState(listener) {
      stateListeners.add(listener);
      return () => stateListeners.delete(listener);
    },
    async close() {
      await relay.close();
      db.close();
    },
  };
}
