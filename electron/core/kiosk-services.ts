import type { Database } from 'better-sqlite3';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../common/contract';
import type { Settings } from '../common/settings';
import { effectiveVerifierMode, type VerifierMode } from '../common/verifier-mode';
import { AccessController } from './access-controller';
import { FACE_EMBEDDER_MODEL_ID, FaceEmbedder } from './face/face-embedder';
import { Gallery } from './gallery/gallery';
import { CodedError, type KioskHandlers } from './ipc/dispatcher';
import { stateReporter, withoutAdmin, type KioskRuntime } from './kiosk-runtime';
import type { Logger } from './logger';
import { OfflineSync } from './offline-sync';
import { PendingLiveness } from './pending-liveness';
import { createDoorRelay, type DoorRelay } from './relay/door-relay';
import type { SecretStore } from './secrets/secret-store';
import { AttemptLog } from './storage/attempt-log';
import { openDatabase } from './storage/database';
import { ImageVault } from './storage/image-vault';
import { ResultCache } from './storage/result-cache';
import { purgeExpired } from './storage/retention';
import { FacekiClient } from './verifier/faceki-client';
import { facekiProbe } from './verifier/faceki-probe';
import { HybridVerifier } from './verifier/hybrid-verifier';
import { LocalVerifier } from './verifier/local-verifier';
import { sealedTokenStore } from './verifier/sealed-token-store';
import { ResilientVerifier } from './verifier/resilient-verifier';
import type { Verifier, VerifierPath } from './verifier/verifier';

export { createFaultedRuntime, startupFault, type KioskRuntime, type StartupFault } from './kiosk-runtime';

export interface KioskServicesOptions {
  settings: Settings;
  dataDir: string;
  /** From --client-secret, FACEGATE_CLIENT_SECRET or the secret store (in that order), resolved by the host. */
  clientSecret: string;
  /** Holds the image key for kept offline images (and the client secret, read by the host). */
  secrets: SecretStore;
  log: Logger;
  version: string;
  fetch?: typeof fetch;
  nativeBinding?: string;
  /** Overrides the relay built from settings (tests, the CLI without --open-door). */
  relay?: DoorRelay;
  /** Pushes an event to the renderer (Electron's webContents.send, the Node host's binding). */
  emit?: <E extends EventName>(event: E, payload: EventPayload<E>) => void;
  /** Run retention now and every hour (default true; the CLI's one-shot commands pass false). */
  housekeeping?: boolean;
}

export interface KioskServices extends KioskRuntime {
  /** The door's channels alone, for a host that adds its own admin screen (kiosk-app.ts). */
  kioskHandlers: KioskHandlers;
  controller: AccessController;
  attempts: AttemptLog;
  results: ResultCache;
  images: ImageVault;
  relay: DoorRelay;
  verifier: Verifier;
  sync: OfflineSync;
  /** Who recognises faces: settings.verifier.mode, or the default for the credentials at hand. */
  verifierMode: VerifierMode;
  /** The local gallery ('local' and 'hybrid'; null for 'faceki', or when it could not be opened). */
  gallery: Gallery | null;
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

type ClosableVerifier = Verifier & { close?(): void | Promise<void> };

/** Every outcome of `inner` tagged with the path the attempt log records (hybrid tags its own). */
function tagged(inner: ClosableVerifier, via: VerifierPath): ClosableVerifier {
  return {
    verify: async (image, mime) => ({ ...(await inner.verify(image, mime)), via }),
    close: () => inner.close?.(),
  };
}

/** A verifier that cannot be built answers with why; anything but a CodedError is a bug and throws. */
function orMisconfigured(options: KioskServicesOptions, build: () => ClosableVerifier): ClosableVerifier {
  try {
    return build();
  } catch (error) {
    if (error instanceof CodedError) {
      options.log.error({ code: error.code, err: error.message }, 'verifier misconfigured');
      return new MisconfiguredVerifier(error.message);
    }
    throw error;
  }
}

/** FACEKI's client behind retries and the circuit breaker: 'offline' when it is not there. */
function facekiVerifier(options: KioskServicesOptions, onOnline: () => void): ResilientVerifier {
  const v = options.settings.verifier;
  const fetchOption = options.fetch ? { fetch: options.fetch } : {};
  const inner = new FacekiClient({
    ...v,
    clientSecret: options.clientSecret,
    ...fetchOption,
    tokenStore: sealedTokenStore(options.secrets, v.tokenUrl, v.clientId, options.clientSecret),
  });
  return new ResilientVerifier({
    inner,
    policy: v.retry,
    probe: facekiProbe({ ...v, clientSecret: options.clientSecret, ...fetchOption }),
    onStatus: (status) => {
      options.log.warn({ online: status.online }, 'verify service status');
      options.emit?.('serviceStatus', status);
      if (status.online) onOnline();
    },
  });
}

/** face-api's embedder, loaded once per process on first use (FaceEmbedder.load() is process-wide). */
const loadEmbedder = () => FaceEmbedder.load();

interface BuiltVerifier {
  verifier: ClosableVerifier;
  /** What the offline sync re-verifies with: FACEKI alone (a local answer is no resolution); null: none. */
  syncVerifier: Verifier | null;
  gallery: Gallery | null;
}

/**
 * The verifier of the effective mode: 'local' matches against the gallery on this kiosk, 'faceki' asks
 * the verify service, 'hybrid' asks it first and falls back to the gallery while it is offline.
 * A part that cannot be built (bad URL, missing credentials, an unopenable gallery) answers every
 * attempt with INVALID_CONFIG and says why, so the kiosk shows the operator what to fix.
 */
function buildVerifier(
  options: KioskServicesOptions,
  mode: VerifierMode,
  db: Database,
  onOnline: () => void,
): BuiltVerifier {
  const { settings, log } = options;
  let gallery: Gallery | null = null;
  const openGallery = () => (gallery = Gallery.open(db, options.secrets, FACE_EMBEDDER_MODEL_ID));
  if (mode === 'local') {
    const verifier = orMisconfigured(options, () =>
      tagged(new LocalVerifier({ embedder: loadEmbedder, gallery: openGallery(), ...settings.local }), 'local'),
    );
    return { verifier, syncVerifier: null, gallery };
  }
  let online: ResilientVerifier | null = null;
  const verifier = orMisconfigured(options, () => {
    online = facekiVerifier(options, onOnline);
    if (mode === 'faceki') return tagged(online, 'faceki');
    return new HybridVerifier({
      online,
      gallery: openGallery(),
      embedder: loadEmbedder,
      local: settings.local,
      hybrid: settings.hybrid,
      access: settings.access,
      log,
    });
  });
  // Built but its gallery failed: stop the FACEKI part's probing, or it would outlive close().
  if (verifier instanceof MisconfiguredVerifier) (online as ResilientVerifier | null)?.close();
  return { verifier, syncVerifier: verifier instanceof MisconfiguredVerifier ? verifier : online, gallery };
}

const HOUR_MS = 3_600_000;

/**
 * settings.capture.overlapVerify for the verifier in use. 'auto' overlaps only for the local
 * verifier, whose calls cost nothing. The hybrid never overlaps: it remembers a FACEKI grant in its
 * local gallery as it answers, before liveness would have had its say.
 */
export function overlapVerifyFor(setting: Settings['capture']['overlapVerify'], mode: VerifierMode): boolean {
  if (mode === 'hybrid') return false;
  if (setting === 'auto') return mode === 'local';
  return setting === 'on';
}

/** Wires the main-process services from settings. Electron's main and the Node host both call this. */
export function createKioskServices(options: KioskServicesOptions): KioskServices {
  const { settings, log } = options;
  const db = openDatabase(join(options.dataDir, 'facegate.db'), {
    ...(options.nativeBinding && { nativeBinding: options.nativeBinding }),
  });
  const attempts = new AttemptLog(db);
  const results = new ResultCache(db);
  const images = new ImageVault(db, options.secrets);
  const relay =
    options.relay ??
    createDoorRelay(settings.relay, { log, onHealth: (health) => options.emit?.('relayStatus', health) });
  // Opened now, not at the first grant: a missing board shows up at start, and the contact is rested.
  void relay.start();
  let sync: OfflineSync | null = null;
  const verifierMode = effectiveVerifierMode(settings, options.clientSecret !== '');
  // When the service comes back, resolve what was queued while it was away (in the background).
  const built = buildVerifier(
    options,
    verifierMode,
    db,
    () => void sync?.run().catch((e) => log.error({ err: String(e) }, 'sync failed')),
  );
  const { verifier, gallery } = built;
  log.info({ verifier: verifierMode, people: gallery?.size().people ?? null }, 'verifier');
  // A kiosk that matches on its own loads the embedder now, so the first person does not wait for it.
  if (gallery && options.housekeeping !== false) {
    void loadEmbedder().catch((e: unknown) => log.error({ err: String(e) }, 'face embedder did not load'));
  }
  sync = new OfflineSync({
    attempts,
    images,
    // Local mode never queues an attempt (it is never offline): a sync has nothing to ask.
    verifier: built.syncVerifier ?? verifier,
    access: settings.access,
    log,
  });
  const controller = new AccessController({
    verifier,
    relay,
    attempts,
    results,
    images,
    policy: { access: settings.access, retention: settings.retention },
    log,
  });
  const states = stateReporter(log);
  const overlapVerify = overlapVerifyFor(settings.capture.overlapVerify, verifierMode);
  const pendingLiveness = new PendingLiveness();

  const housekeep = () => {
    try {
      const purged = purgeExpired(attempts, images, settings.retention, new Date());
      if (purged.attempts + purged.images > 0) log.info(purged, 'retention purge');
    } catch (error) {
      log.error({ err: (error as Error).message }, 'retention purge failed');
    }
  };
  let timer: NodeJS.Timeout | null = null;
  if (options.housekeeping !== false) {
    housekeep();
    timer = setInterval(housekeep, HOUR_MS);
    timer.unref();
  }

  const kioskHandlers: KioskHandlers = {
    submitFrame: (request) => {
      const pending = request.meta.liveness === 'pending';
      // A renderer cannot choose the overlapped path where the operator has not allowed it (FACEKI bills each call).
      if (pending && !overlapVerify) {
        throw new CodedError('INVALID_REQUEST', 'this kiosk verifies only after liveness (capture.overlapVerify)');
      }
      return controller.attempt(request.image, request.mime, {
        source: 'kiosk',
        openDoor: true,
        // Sent before liveness decided: the door waits for the renderer's confirmation.
        ...(pending && { liveness: pendingLiveness.open() }),
      });
    },
    reportState: (request) => states.report(request),
    confirmLiveness: (request) => {
      if (!pendingLiveness.confirm(request))
        log.warn({ live: request.live }, 'liveness verdict with no attempt waiting');
      return null;
    },
    getKioskInfo: () => ({
      version: options.version,
      gate: settings.gate,
      // The result stays up at least as long as the cooldown, so the renderer never sends into it.
      resultDisplayMs: Math.max(settings.resultDisplayMs, settings.access.cooldownMs),
      liveness: settings.liveness,
      capture: { ...settings.capture, overlapVerify },
      relay: relay.health(),
      language: settings.kiosk.language,
      configFault: null,
    }),
  };

  return {
    handlers: withoutAdmin(kioskHandlers),
    kioskHandlers,
    controller,
    attempts,
    results,
    images,
    relay,
    verifier,
    sync,
    verifierMode,
    gallery,
    onState: states.onState,
    async close() {
      if (timer) clearInterval(timer);
      pendingLiveness.close();
      // The hybrid's close waits for a grant being remembered, so it is written before the database closes.
      await verifier.close?.();
      await relay.close();
      db.close();
    },
  };
}
