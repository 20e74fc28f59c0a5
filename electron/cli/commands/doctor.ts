import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../common/settings';
import { effectiveVerifierMode, type VerifierMode } from '../../common/verifier-mode';
import { CodedError } from '../../core/ipc/dispatcher';
import { createDoorRelay } from '../../core/relay/door-relay';
import { openDatabase } from '../../core/storage/database';
import { FacekiClient } from '../../core/verifier/faceki-client';
import type { SecretStore } from '../../core/secrets/secret-store';
import { loadSettingsFile } from '../../core/settings/settings-file';
import {
  applyFlags,
  checkServiceFlags,
  cliClientSecret,
  cliPinLock,
  cliSecretStore,
  usableDataDir,
  type ServiceFlagValues,
} from '../cli-context';
import { withCliGallery } from '../cli-gallery';
import { COMMAND_TABLE } from '../command-table';
import { FOREIGN, secretsCheck } from './doctor-secrets';
import { serviceCheck } from './doctor-service';
import { parseCommandArgs, type Command } from './shared';

export interface Check {
  name: string;
  ok: boolean;
  detail: string;
  hint?: string;
}

const MIN_FREE_BYTES = 200 * 1024 * 1024;

async function check(name: string, run: () => Promise<Omit<Check, 'name'>> | Omit<Check, 'name'>): Promise<Check> {
  try {
    return { name, ...(await run()) };
  } catch (error) {
    const code = error instanceof CodedError ? `${error.code}: ` : '';
    return { name, ok: false, detail: `${code}${(error as Error).message}` };
  }
}

function databaseCheck(dataDir: string): Omit<Check, 'name'> {
  const path = join(dataDir, 'facegate.db');
  const db = openDatabase(path);
  try {
    // A write lock proves the file is writable without writing anything.
    db.exec('BEGIN IMMEDIATE; ROLLBACK;');
    const free = statfsSync(dataDir);
    const freeBytes = free.bavail * free.bsize;
    const freeMb = Math.round(freeBytes / 2 ** 20);
    if (freeBytes < MIN_FREE_BYTES) {
      return {
        ok: false,
        detail: `${path} writable, but only ${freeMb} MB free`,
        hint: 'free disk space: attempts cannot be logged on a full disk',
      };
    }
    return { ok: true, detail: `${path} writable, ${freeMb} MB free` };
  } finally {
    db.close();
  }
}

/** The admin screen needs a PIN, and a PIN locked out is worth knowing about before someone is called out. */
function adminPinCheck(dataDir: string, secrets: SecretStore): Omit<Check, 'name'> {
  try {
    secrets.get('adminPinHash');
  } catch (error) {
    const message = (error as Error).message;
    if (!FOREIGN.test(message)) {
      return {
        ok: false,
        detail: `the admin PIN cannot be opened: the admin screen cannot be unlocked (${message})`,
        hint: 'echo <6-12 digits> | npx facegate admin set-pin',
      };
    }
  }
  const lock = cliPinLock(dataDir);
  if (!lock.isSet()) {
    return {
      ok: false,
      detail: 'no admin PIN: the admin screen cannot be opened',
      hint: 'echo <6-12 digits> | npx facegate admin set-pin',
    };
  }
  const { lockedUntil } = lock.state();
  if (lockedUntil !== null) {
    return {
      ok: false,
      detail: `admin PIN set, locked out until ${new Date(lockedUntil).toISOString()} after wrong PINs`,
      hint: 'wait, or set the PIN again with `facegate admin set-pin` (clears the lockout)',
    };
  }
  return { ok: true, detail: 'admin PIN set' };
}

const ENROL_HINT = 'facegate enroll <photos...> --name "Their Name" (or the admin screen\'s People section)';

/** The gallery opens (its key is there), and a local kiosk has someone to recognise. */
async function galleryCheck(dataDir: string, secrets: SecretStore, mode: VerifierMode): Promise<Omit<Check, 'name'>> {
  return withCliGallery(
    dataDir,
    (gallery) => {
      const { people, templates, otherModelTemplates } = gallery.size();
      const older = otherModelTemplates > 0 ? `; ${otherModelTemplates} of an older face model, never matched` : '';
      const detail = `verifier ${mode}: ${people} people, ${templates} templates${older}`;
      if (mode === 'local' && people === 0) {
        return { ok: false, detail: `${detail}: the kiosk recognises nobody`, hint: ENROL_HINT };
      }
      if (otherModelTemplates > 0) return { ok: true, detail, hint: 'enrol those people again' };
      return { ok: true, detail };
    },
    secrets,
  );
}

async function relayCheck(settings: Settings): Promise<Omit<Check, 'name'>> {
  if (!settings.relay.port) {
    return {
      ok: true,
      detail: 'no relay configured: granted people are welcomed, the door stays shut',
      hint: 'set relay.port to open a door',
    };
  }
  // Opening the relay puts the contact to rest, so the only command sent is "close": the door does not move.
  const relay = createDoorRelay(settings.relay);
  await relay.start();
  const health = relay.health();
  await relay.close();
  if (!health.connected) return { ok: false, detail: health.detail };
  return { ok: true, detail: `${health.detail}: opens, rest command sent (the door did not move)` };
}

export async function runChecks(flags: ServiceFlagValues): Promise<Check[]> {
  let found: { dataDir: string; settings: Settings } | null = null;
  const checks: Check[] = [];
  checks.push(
    await check('settings', () => {
      const dataDir = usableDataDir(flags['data-dir']);
      found = { dataDir, settings: applyFlags(loadSettingsFile(dataDir), flags) };
      return { ok: true, detail: `valid (data folder ${dataDir})` };
    }),
  );
  if (!found) {
    checks[0]!.hint = checks[0]!.detail.startsWith('STORAGE_FAILED')
      ? 'the data folder must be a folder this user can read and write (--data-dir, $FACEGATE_DATA_DIR)'
      : 'fix the named field in settings.json (or the flag)';
    return checks;
  }
  const { dataDir, settings }: { dataDir: string; settings: Settings } = found;
  const secrets = cliSecretStore(dataDir);
  checks.push(await check('secrets', () => secretsCheck(secrets)));
  checks.push(await check('database', () => databaseCheck(dataDir)));
  checks.push(await check('admin', () => adminPinCheck(dataDir, secrets)));
  let hasSecret = false;
  try {
    hasSecret = cliClientSecret(flags, secrets) !== '';
  } catch {
    // A store that cannot be opened is the secrets check's failure.
  }
  const mode = effectiveVerifierMode(settings, hasSecret);
  // A local kiosk does not use FACEKI: its token and service are not checked, its gallery is.
  if (mode !== 'faceki') checks.push(await check('gallery', () => galleryCheck(dataDir, secrets, mode)));
  if (mode !== 'local') await facekiChecks(flags, settings, secrets, checks);
  checks.push(await check('relay', () => relayCheck(settings)));
  const relay = checks.at(-1)!;
  if (!relay.ok) relay.hint ??= 'is the board plugged in? is the kiosk user in the dialout group?';
  return checks;
}

/** Can a token be had, and is verifyUrl a verify endpoint. */
async function facekiChecks(flags: ServiceFlagValues, settings: Settings, secrets: SecretStore, checks: Check[]) {
  checks.push(
    await check('token', async () => {
      // A store that cannot be opened is the secrets check's failure: here it is only no secret.
      let clientSecret = '';
      try {
        clientSecret = cliClientSecret(flags, secrets);
      } catch {
        // reported above
      }
      const client = new FacekiClient({ ...settings.verifier, clientSecret });
      const result = await client.checkToken();
      if (result.ok) return { ok: true, detail: `token obtained from ${settings.verifier.tokenUrl}` };
      return {
        ok: false,
        detail: `${result.code}: ${result.message}`,
        hint:
          result.code === 'AUTH_FAILED'
            ? 'check clientId and the client secret (facegate secret set clientSecret)'
            : 'check tokenUrl and the network',
      };
    }),
  );
  if (checks.at(-1)!.detail.startsWith('INVALID_CONFIG')) {
    checks.at(-1)!.hint = 'set verifier.clientId and the client secret; URLs must be https (http only to loopback)';
  }
  checks.push(await check('service', () => serviceCheck(settings)));
}

/**
 * `facegate doctor`: settings valid, secrets open, database writable, admin PIN set, token
 * obtainable, service there, relay openable.
 */
export const doctorCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({ args, options: COMMAND_TABLE.doctor.options });
  // A mistyped flag is the command line's fault, not the configuration's: refused before any check.
  checkServiceFlags(values);
  const checks = await runChecks(values);
  if (values.json) io.print(JSON.stringify({ ok: checks.every((c) => c.ok), checks }));
  else {
    for (const c of checks) {
      io.print(`${c.ok ? 'pass' : 'FAIL'}  ${c.name.padEnd(9)} ${c.detail}`);
      if (c.hint && !c.ok) io.print(`      hint: ${c.hint}`);
    }
  }
  return checks.every((c) => c.ok) ? 0 : 2;
};
