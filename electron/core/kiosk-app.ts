import type { EventName, EventPayload, ReportStateRequest } from '../common/contract';
import { createAdminHandlers } from './admin/admin-handlers';
import { facekiEnroller } from './admin/admin-people';
import { AdminSession } from './admin/admin-session';
import { pinLockIn } from './admin/pin-lock';
import { FaceEmbedder } from './face/face-embedder';
import type { Handlers } from './ipc/dispatcher';
import { createKioskServices, type KioskServices } from './kiosk-services';
import { createFaultedRuntime, startupFault, type KioskRuntime, type StartupFault } from './kiosk-runtime';
import type { Logger } from './logger';
import type { SecretStore } from './secrets/secret-store';
import {
  openConfBackend,
  SettingsRepository,
  type LoadedSettings,
  type OpenSettingsBackend,
} from './settings/settings-store';
import { defaultSettings } from '../common/settings';
import { effectiveVerifierMode } from '../common/verifier-mode';

/**
 * The whole kiosk behind the IPC contract, for Electron's main and the Node host alike: settings
 * (with the last good ones standing in for a broken file), the door's services, and the admin
 * screen that can change the settings and rebuild the services from them.
 */

export interface KioskAppOptions {
  dataDir: string;
  log: Logger;
  version: string;
  secrets: SecretStore;
  /** electron-store in the kiosk, conf elsewhere: the same file, options and schema. */
  openSettings?: OpenSettingsBackend;
  /** FACEGATE_CLIENT_SECRET or a flag: wins over the stored secret when not empty. */
  clientSecretOverride?: string;
  nativeBinding?: string;
  fetch?: typeof fetch;
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Called with the settings in force after every (re)start (Electron applies start-at-login). */
  onSettings?: (loaded: LoadedSettings) => void;
  now?: () => number;
}

export interface KioskApp extends KioskRuntime {
  /** Why the door cannot work (no usable settings, no database), or null. */
  fault(): StartupFault | null;
  loaded(): LoadedSettings | null;
  services(): KioskServices | null;
  ready(): Promise<void>;
  /** Reads the settings again and rebuilds the services (what an admin save does after writing). */
  restart(): Promise<void>;
}

export function createKioskApp(options: KioskAppOptions): KioskApp {
  const { log, dataDir } = options;
  const repository = new SettingsRepository(dataDir, options.openSettings ?? openConfBackend);
  const now = options.now ?? Date.now;
  let loaded: LoadedSettings | null = null;
  let services: KioskServices | null = null;
  let runtime: KioskRuntime;
  let fault: StartupFault | null = null;
  let serviceOnline: boolean | null = null;
  let kioskState = { state: 'starting', code: null as string | null, at: null as string | null };
  const stateListeners = new Set<(state: ReportStateRequest) => void>();

  const clientSecret = () => options.clientSecretOverride || options.secrets.get('clientSecret') || '';
  const current = () => loaded?.settings ?? defaultSettings();

  const emit: KioskAppOptions['emit'] = (event, payload) => {
    if (event === 'serviceStatus') serviceOnline = (payload as EventPayload<'serviceStatus'>).online;
    options.emit?.(event, payload);
  };

  function start(): void {
    fault = null;
    services = null;
    try {
      loaded = repository.load();
      if (loaded.fault)
        log.error({ alert: true, ...loaded.fault }, 'settings file broken: running on the last good settings');
      options.onSettings?.(loaded);
      services = createKioskServices({
        settings: loaded.settings,
        dataDir,
        secrets: options.secrets,
        clientSecret: clientSecret(),
        log,
        version: options.version,
        emit,
        ...(options.nativeBinding && { nativeBinding: options.nativeBinding }),
        ...(options.fetch && { fetch: options.fetch }),
      });
      serviceOnline = true;
      runtime = services;
    } catch (error) {
      fault = startupFault(error);
      serviceOnline = null;
      log.error({ code: fault.code, err: fault.message }, 'kiosk cannot start its services; the screen shows why');
      runtime = createFaultedRuntime(fault, log);
    }
    runtime.onState((state) => {
      kioskState = { state: state.state, code: state.code ?? null, at: new Date(now()).toISOString() };
      for (const listener of stateListeners) listener(state);
    });
  }

  // One change at a time: a save and a relay test must not rebuild the services under each other.
  let queue: Promise<void> = Promise.resolve();
  const exclusive = <T>(work: () => Promise<T>): Promise<T> => {
    const run = queue.then(work);
    queue = run.then(
      () => {},
      () => {},
    );
    return run;
  };

  const restart = () =>
    exclusive(async () => {
      await runtime.close();
      start();
    });

  const lock = pinLockIn(
    dataDir,
    options.secrets,
    () => ({ maxAttempts: current().admin.maxPinAttempts, lockoutMs: current().admin.lockoutMinutes * 60_000 }),
    now,
  );
  const session = new AdminSession(() => current().admin.idleMinutes * 60_000, now);

  start();

  const admin = createAdminHandlers({
    repository,
    secrets: options.secrets,
    lock,
    session,
    log,
    loaded: () => loaded,
    attempts: () => services?.attempts ?? null,
    relayHealth: () => services?.relay.health() ?? { fitted: false, connected: false, detail: 'kiosk not started' },
    serviceOnline: () => serviceOnline,
    kioskState: () => kioskState,
    clientSecret,
    restart,
    withRelayReleased: (work) =>
      exclusive(async () => {
        await runtime.close();
        try {
          return await work();
        } finally {
          start();
        }
      }),
    people: {
      mode: () => services?.verifierMode ?? effectiveVerifierMode(current(), clientSecret() !== ''),
      // The running kiosk's own gallery: whoever is enrolled is recognised at the next attempt.
      gallery: () => services?.gallery ?? null,
      embedder: () => FaceEmbedder.load(),
      local: () => current().local,
      enrollRemote: facekiEnroller(current, clientSecret, options.secrets, options.fetch),
      log,
    },
    ...(options.fetch && { fetch: options.fetch }),
  });

  /** A kiosk that recognises faces on its own with nobody enrolled can only say no: the idle screen says how to enrol. */
  const setupHint = (): 'enrol-first' | null =>
    services?.verifierMode === 'local' && services.gallery?.size().people === 0 ? 'enrol-first' : null;

  // Door requests wait for a rebuild in progress, then go to whatever runtime is in force.
  const handlers: Handlers = {
    ...admin,
    submitFrame: async (request) => {
      await queue;
      return runtime.handlers.submitFrame(request);
    },
    reportState: (request) => runtime.handlers.reportState(request),
    // Not queued behind a rebuild: the attempt it confirms is already in the runtime that answers it.
    confirmLiveness: (request) => runtime.handlers.confirmLiveness(request),
    getKioskInfo: async () => {
      await queue;
      const info = await runtime.handlers.getKioskInfo(null);
      return { ...info, configFault: loaded?.fault ?? null, setupHint: setupHint() };
    },
  };

  return {
    handlers,
    onState(listener) {
      stateListeners.add(listener);
      return () => void stateListeners.delete(listener);
    },
    fault: () => fault,
    loaded: () => loaded,
    services: () => services,
    ready: () => queue,
    restart,
    close: () => exclusive(() => runtime.close()),
  };
}
