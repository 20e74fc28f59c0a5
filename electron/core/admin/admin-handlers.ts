import type { AdminStatus } from '../../common/admin-contract';
import { defaultSettings, type Settings } from '../../common/settings';
import { CodedError, type AdminHandlers } from '../ipc/dispatcher';
import type { Logger } from '../logger';
import type { SecretStore } from '../secrets/secret-store';
import { attemptsToCsv } from '../storage/attempt-csv';
import type { AttemptLog } from '../storage/attempt-log';
import type { LoadedSettings, SettingsRepository } from '../settings/settings-store';
import type { RelayHealth } from '../relay/door-relay';
import { parseRelayCandidate, testConnection, testRelay } from './admin-checks';
import { createPeopleHandlers, type PeopleContext } from './admin-people';
import type { AdminSession } from './admin-session';
import type { PinLock } from './pin-lock';

/** What the admin handlers need of the running kiosk (kiosk-app.ts provides it). */
export interface AdminContext {
  repository: SettingsRepository;
  secrets: SecretStore;
  lock: PinLock;
  session: AdminSession;
  log: Logger;
  /** The settings in force and where they came from; null when none could be loaded at all. */
  loaded(): LoadedSettings | null;
  attempts(): AttemptLog | null;
  relayHealth(): RelayHealth;
  serviceOnline(): boolean | null;
  kioskState(): { state: string; code: string | null; at: string | null };
  clientSecret(): string;
  /** Saved settings take effect: the services are rebuilt from them. */
  restart(): Promise<void>;
  /** Runs work with the relay port released by the kiosk (closed first, reopened after). */
  withRelayReleased<T>(work: () => Promise<T>): Promise<T>;
  /** The People section: gallery, embedder, where enrolments go (admin-people.ts). */
  people: PeopleContext;
  fetch?: typeof fetch;
}

const settingsInForce = (ctx: AdminContext): Settings => ctx.loaded()?.settings ?? defaultSettings();

function status(ctx: AdminContext): AdminStatus {
  const lock = ctx.lock.state();
  return {
    pinSet: ctx.lock.isSet(),
    unlocked: ctx.session.isOpen(),
    attemptsLeft: lock.attemptsLeft,
    lockedUntil: lock.lockedUntil === null ? null : new Date(lock.lockedUntil).toISOString(),
    idleMs: settingsInForce(ctx).admin.idleMinutes * 60_000,
    language: settingsInForce(ctx).kiosk.language,
  };
}

function attemptLog(ctx: AdminContext): AttemptLog {
  const log = ctx.attempts();
  if (!log) throw new CodedError('STORAGE_FAILED', 'the attempt log is not open (see the kiosk fault)');
  return log;
}

/** Every admin channel; all but status and unlock need the session a correct PIN opened. */
export function createAdminHandlers(ctx: AdminContext): AdminHandlers {
  const guarded =
    <A extends unknown[], R>(handler: (...args: A) => R) =>
    (...args: A): R => {
      ctx.session.require();
      return handler(...args);
    };
  const people = createPeopleHandlers(ctx.people);

  return {
    adminStatus: () => status(ctx),

    adminUnlock: async ({ pin }) => {
      const check = await ctx.lock.check(pin);
      switch (check.result) {
        case 'not-set':
          throw new CodedError(
            'ADMIN_PIN_NOT_SET',
            'no admin PIN is set on this kiosk: run `npx facegate admin set-pin` on the machine',
          );
        case 'ok':
          ctx.session.open();
          ctx.log.info('admin screen unlocked');
          break;
        case 'wrong':
          ctx.log.warn({ attemptsLeft: check.attemptsLeft }, 'wrong admin PIN');
          break;
        case 'locked':
          ctx.log.warn({ alert: true, lockedUntil: new Date(check.lockedUntil).toISOString() }, 'admin PIN locked out');
          break;
        case 'busy':
          break;
      }
      return status(ctx);
    },

    adminLock: () => {
      ctx.session.close();
      return null;
    },

    adminGetSettings: guarded(() => {
      const loaded = ctx.loaded();
      return {
        settings: settingsInForce(ctx),
        path: ctx.repository.path,
        fault: loaded?.fault ?? null,
        clientSecretSet: ctx.clientSecret() !== '',
      };
    }),

    adminSaveSettings: guarded(async ({ settings, clientSecret }) => {
      const saved = ctx.repository.save(settings);
      if (clientSecret) ctx.secrets.set('clientSecret', clientSecret);
      ctx.log.info(
        { path: ctx.repository.path, clientSecretChanged: Boolean(clientSecret) },
        'settings saved by admin',
      );
      await ctx.restart();
      return { settings: saved };
    }),

    adminTestConnection: guarded(({ verifier, clientSecret }) =>
      testConnection(settingsInForce(ctx), verifier, clientSecret || ctx.clientSecret(), ctx.fetch),
    ),

    adminTestRelay: guarded(async ({ relay }) => {
      let candidate;
      try {
        candidate = parseRelayCandidate(relay);
      } catch (error) {
        return { ok: false, code: 'INVALID_CONFIG', detail: (error as Error).message, ms: 0 };
      }
      const current = settingsInForce(ctx).relay;
      // The kiosk's own port: the kiosk lets go of it for the test, and takes it back after.
      const result =
        candidate.port && candidate.port === current.port
          ? await ctx.withRelayReleased(() => testRelay(candidate, ctx.log))
          : await testRelay(candidate, ctx.log);
      ctx.log.info({ port: candidate.port, ok: result.ok, code: result.code }, 'relay tested from the admin screen');
      return result;
    }),

    adminAttempts: guarded((filter) => {
      const page = attemptLog(ctx).search(filter);
      return { total: page.total, rows: page.rows };
    }),

    adminExportAttempts: guarded((filter) => {
      const { rows } = attemptLog(ctx).search(filter, true);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      ctx.log.info({ rows: rows.length, filter }, 'attempt log exported from the admin screen');
      return { fileName: `facegate-attempts-${stamp}.csv`, csv: attemptsToCsv(rows), rows: rows.length };
    }),

    adminHealth: guarded(() => {
      const loaded = ctx.loaded();
      const online = ctx.serviceOnline();
      const storage = ctx.attempts();
      return {
        service: {
          online: online === true,
          detail: online === null ? 'not started (see the kiosk fault)' : online ? 'reachable' : 'unreachable: offline',
        },
        relay: ctx.relayHealth(),
        settings: {
          path: ctx.repository.path,
          source: loaded?.source ?? 'file',
          fault: loaded?.fault ?? null,
        },
        storage: storage
          ? { ok: true, detail: 'attempt log open' }
          : { ok: false, detail: 'attempt log not open (see the kiosk fault)' },
        kiosk: ctx.kioskState(),
      };
    }),

    adminChangePin: guarded(async ({ current, next }) => {
      const check = await ctx.lock.check(current);
      if (check.result !== 'ok') {
        if (check.result === 'locked') ctx.session.close();
        throw new CodedError('ADMIN_REQUIRED', 'the current PIN is not right');
      }
      await ctx.lock.setPin(next);
      ctx.log.info('admin PIN changed');
      return null;
    }),

    adminPeopleList: guarded(people.adminPeopleList),
    adminPeopleEnroll: guarded(people.adminPeopleEnroll),
    adminPeopleForget: guarded(people.adminPeopleForget),
  };
}
