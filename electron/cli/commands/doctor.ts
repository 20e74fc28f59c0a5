import { statfsSync } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../../common/settings';
import { CodedError } from '../../core/ipc/dispatcher';
import { createDoorRelay } from '../../core/relay/door-relay';
import { openDatabase } from '../../core/storage/database';
import { FacekiClient } from '../../core/verifier/faceki-client';
import { checkServiceUrl } from '../../core/verifier/service-url';
import { cliPinLock, resolveCliContext, serviceFlags, type CliContext } from '../cli-context';
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
function adminPinCheck(dataDir: string): Omit<Check, 'name'> {
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

async function serviceCheck(settings: Settings): Promise<Omit<Check, 'name'>> {
  const url = settings.verifier.verifyUrl;
  try {
    // The same rule as the verifier: a URL it would refuse is never contacted, not even by a GET.
    checkServiceUrl('verifyUrl', url);
  } catch (error) {
    return {
      ok: false,
      detail: `INVALID_CONFIG: ${(error as Error).message}`,
      hint: 'verifyUrl must be https (http only to a loopback address)',
    };
  }
  try {
    // Any HTTP answer (even 404/405 to a GET) means the host is there; only a network failure is not.
    const response = await fetch(url, { method: 'GET', signal: AbortSignal.timeout(settings.verifier.timeoutMs) });
    await response.body?.cancel();
    return { ok: true, detail: `${url} answered HTTP ${response.status}` };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, detail: `${url} unreachable (${cause})`, hint: 'check the network, DNS and verifyUrl' };
  }
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

export async function runChecks(flags: Parameters<typeof resolveCliContext>[0]): Promise<Check[]> {
  let context: CliContext | null = null;
  const checks: Check[] = [];
  checks.push(
    await check('settings', () => {
      context = resolveCliContext(flags);
      return { ok: true, detail: `valid (data folder ${context.dataDir})` };
    }),
  );
  if (!context) {
    checks[0]!.hint = 'fix the named field in settings.json (or the flag)';
    return checks;
  }
  const ctx: CliContext = context;
  checks.push(await check('database', () => databaseCheck(ctx.dataDir)));
  checks.push(await check('admin', () => adminPinCheck(ctx.dataDir)));
  checks.push(
    await check('token', async () => {
      const client = new FacekiClient({ ...ctx.settings.verifier, clientSecret: ctx.clientSecret });
      const result = await client.checkToken();
      if (result.ok) return { ok: true, detail: `token obtained from ${ctx.settings.verifier.tokenUrl}` };
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
  checks.push(await check('service', () => serviceCheck(ctx.settings)));
  checks.push(await check('relay', () => relayCheck(ctx.settings)));
  const relay = checks.at(-1)!;
  if (!relay.ok) relay.hint ??= 'is the board plugged in? is the kiosk user in the dialout group?';
  return checks;
}

/** `facegate doctor`: settings valid, database writable, admin PIN set, token obtainable, service reachable, relay openable. */
export const doctorCommand: Command = async (args, io) => {
  const { values } = parseCommandArgs({ args, options: serviceFlags });
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
