import type { Settings } from '../common/settings';
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

export interface ResolvedServiceOptions {
  dataDir: string;
  settings: Settings;
  clientSecret: string;
}

/**
 * Settings file in the data dir, then command-line flags on top, validated again as a whole so a
 * bad flag is INVALID_CONFIG just like a bad file. The secret comes from the flag or
 * FACEGATE_CLIENT_SECRET and is never written to the settings file.
 */
export function resolveServiceOptions(flags: ServiceFlagValues): ResolvedServiceOptions {
  const dataDir = resolveDataDir(flags['data-dir']);
  const base = loadSettingsFile(dataDir);
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
  return {
    dataDir,
    settings: parseSettings(merged, 'command-line flags'),
    clientSecret: flags['client-secret'] ?? process.env.FACEGATE_CLIENT_SECRET ?? '',
  };
}
