import { accessSync, constants, statSync, type Stats } from 'node:fs';
import { join } from 'node:path';
import type { Settings } from '../common/settings';
import { VERIFIER_MODES, type VerifierMode } from '../common/verifier-mode';
import { pinLockIn, type PinLock } from '../core/admin/pin-lock';
import { CodedError } from '../core/ipc/dispatcher';
import { fileKeyCipher } from '../core/secrets/file-key-cipher';
import { FileSecretStore, type SecretStore } from '../core/secrets/secret-store';
import { loadSettingsFile, parseSettings, resolveDataDir } from '../core/settings/settings-file';
import { wholeNumberFlag } from './flag-values';

/** The values of SERVICE_OPTIONS (command-table.ts), as parseArgs gives them. */
export interface ServiceFlagValues {
  'data-dir'?: string | undefined;
  'verify-url'?: string | undefined;
  'token-url'?: string | undefined;
  'client-id'?: string | undefined;
  'client-secret'?: string | undefined;
  'image-field'?: string | undefined;
  'timeout-ms'?: string | undefined;
  'relay-port'?: string | undefined;
  /** VERIFIER_OPTION, for the commands that take it. */
  verifier?: string | undefined;
}

export interface CliContext {
  dataDir: string;
  settings: Settings;
  secrets: SecretStore;
  clientSecret: string;
}

/**
 * The flags' syntax alone (numbers are numbers), for a command to refuse a mistyped command line as
 * INVALID_REQUEST before it starts anything, rather than report it as a broken configuration.
 */
export function checkServiceFlags(flags: ServiceFlagValues): void {
  wholeNumberFlag('timeout-ms', flags['timeout-ms']);
  verifierFlag(flags.verifier);
}

/** --verifier: one of the modes, or absent. */
function verifierFlag(text: string | undefined): VerifierMode | undefined {
  if (text === undefined) return undefined;
  if (!(VERIFIER_MODES as readonly string[]).includes(text)) {
    throw new CodedError(
      'INVALID_REQUEST',
      `--verifier takes ${VERIFIER_MODES.join(', ')}, not ${JSON.stringify(text)}`,
    );
  }
  return text as VerifierMode;
}

/**
 * The data folder (--data-dir, $FACEGATE_DATA_DIR, ~/.config/facegate), refused as STORAGE_FAILED
 * when it cannot be one: a file in its place, a path through a file, or a folder this user cannot
 * read and write. A folder that does not exist yet is fine (a fresh machine: it is made on first write).
 */
export function usableDataDir(flag: string | undefined): string {
  const dataDir = resolveDataDir(flag);
  let stats: Stats;
  try {
    stats = statSync(dataDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return dataDir;
    throw new CodedError('STORAGE_FAILED', `data folder ${dataDir} is unusable: ${(error as Error).message}`);
  }
  if (!stats.isDirectory()) throw new CodedError('STORAGE_FAILED', `data folder ${dataDir} is not a folder`);
  try {
    accessSync(dataDir, constants.R_OK | constants.W_OK | constants.X_OK);
  } catch (error) {
    throw new CodedError('STORAGE_FAILED', `data folder ${dataDir} is unusable: ${(error as Error).message}`);
  }
  return dataDir;
}

/** The CLI's secret store: sealed values in <dataDir>/secrets.json under a key file beside it. */
export function cliSecretStore(dataDir: string): SecretStore {
  return new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key')));
}

/** The admin PIN lock as the CLI sees it (set-pin, status, doctor): the kiosk applies its own policy. */
export const cliPinLock = (dataDir: string): PinLock => pinLockIn(dataDir, cliSecretStore(dataDir));

/**
 * Applies command-line flags over the settings file, validated again as a whole: a value out of range
 * is INVALID_CONFIG naming the field, as in the file; a number flag that is no number is INVALID_REQUEST.
 */
export function applyFlags(base: Settings, flags: ServiceFlagValues): Settings {
  const timeout = wholeNumberFlag('timeout-ms', flags['timeout-ms']);
  const mode = verifierFlag(flags.verifier);
  const merged = {
    ...base,
    verifier: {
      ...base.verifier,
      ...(flags['verify-url'] !== undefined && { verifyUrl: flags['verify-url'] }),
      ...(flags['token-url'] !== undefined && { tokenUrl: flags['token-url'] }),
      ...(flags['client-id'] !== undefined && { clientId: flags['client-id'] }),
      ...(flags['image-field'] !== undefined && { imageField: flags['image-field'] }),
      ...(timeout !== undefined && { timeoutMs: timeout }),
      ...(mode !== undefined && { mode }),
    },
    relay: { ...base.relay, ...(flags['relay-port'] !== undefined && { port: flags['relay-port'] }) },
  };
  return parseSettings(merged, 'command-line flags');
}

/**
 * Settings file in the data dir with flags on top; the client secret from --client-secret, then
 * FACEGATE_CLIENT_SECRET, then the sealed store (`facegate secret set clientSecret`). It is never
 * written to settings.json and never logged.
 */
export function resolveCliContext(flags: ServiceFlagValues): CliContext {
  checkServiceFlags(flags);
  const dataDir = usableDataDir(flags['data-dir']);
  const settings = applyFlags(loadSettingsFile(dataDir), flags);
  const secrets = cliSecretStore(dataDir);
  return { dataDir, settings, secrets, clientSecret: cliClientSecret(flags, secrets) };
}

/** --client-secret, else $FACEGATE_CLIENT_SECRET, else the sealed store (which throws if it cannot be opened). */
export function cliClientSecret(flags: ServiceFlagValues, secrets: SecretStore): string {
  // An empty flag or variable (FACEGATE_CLIENT_SECRET= in a unit file) is "not given": it must not hide the store.
  return flags['client-secret'] || process.env.FACEGATE_CLIENT_SECRET || secrets.get('clientSecret') || '';
}
