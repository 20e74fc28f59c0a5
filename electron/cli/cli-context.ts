import { join } from 'node:path';
import type { Settings } from '../common/settings';
import { pinLockIn, type PinLock } from '../core/admin/pin-lock';
import { fileKeyCipher } from '../core/secrets/file-key-cipher';
import { FileSecretStore, type SecretStore } from '../core/secrets/secret-store';
import { loadSettingsFile, parseSettings, resolveDataDir } from '../core/settings/settings-file';

/** Flags shared by every command that talks to the verify service or the relay. */
export const serviceFlags = {
  'data-dir': { type: 'string' },
  'verify-url': { type: 'string' },
  'token-url': { type: 'string' },
  'client-id': { type: 'string' },
  'client-secret': { type: 'string' },
  'image-field': { type: 'string' },
  'timeout-ms': { type: 'string' },
  'relay-port': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export interface ServiceFlagValues {
  'data-dir'?: string | undefined;
  'verify-url'?: string | undefined;
  'token-url'?: string | undefined;
  'client-id'?: string | undefined;
  'client-secret'?: string | undefined;
  'image-field'?: string | undefined;
  'timeout-ms'?: string | undefined;
  'relay-port'?: string | undefined;
}

export interface CliContext {
  dataDir: string;
  settings: Settings;
  secrets: SecretStore;
  clientSecret: string;
}

/** The CLI's secret store: sealed values in <dataDir>/secrets.json under a key file beside it. */
export function cliSecretStore(dataDir: string): SecretStore {
  return new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key')));
}

/** The admin PIN lock as the CLI sees it (set-pin, status, doctor): the kiosk applies its own policy. */
export const cliPinLock = (dataDir: string): PinLock => pinLockIn(dataDir, cliSecretStore(dataDir));

/** Applies command-line flags over the settings file, validated again as a whole (a bad flag is INVALID_CONFIG too). */
export function applyFlags(base: Settings, flags: ServiceFlagValues): Settings {
  const timeout = flags['timeout-ms'] === undefined ? undefined : Number(flags['timeout-ms']);
  const merged = {
    ...base,
    verifier: {
      ...base.verifier,
      ...(flags['verify-url'] !== undefined && { verifyUrl: flags['verify-url'] }),
      ...(flags['token-url'] !== undefined && { tokenUrl: flags['token-url'] }),
      ...(flags['client-id'] !== undefined && { clientId: flags['client-id'] }),
      ...(flags['image-field'] !== undefined && { imageField: flags['image-field'] }),
      ...(timeout !== undefined && { timeoutMs: timeout }),
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
  const dataDir = resolveDataDir(flags['data-dir']);
  const settings = applyFlags(loadSettingsFile(dataDir), flags);
  const secrets = cliSecretStore(dataDir);
  // An empty flag or variable (FACEGATE_CLIENT_SECRET= in a unit file) is "not given": it must not hide the store.
  const clientSecret =
    flags['client-secret'] || process.env.FACEGATE_CLIENT_SECRET || secrets.get('clientSecret') || '';
  return { dataDir, settings, secrets, clientSecret };
}
