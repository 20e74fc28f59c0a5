import { homedir } from 'node:os';
import { join } from 'node:path';
import type { Settings } from '../../common/settings';
import { SETTINGS_FILE, SettingsRepository } from './settings-store';

export { parseSettings } from './settings-store';

/** Where settings and the database live for the CLI and the Node host: --data-dir, FACEGATE_DATA_DIR, or the XDG config folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return flag;
  if (process.env.FACEGATE_DATA_DIR) return process.env.FACEGATE_DATA_DIR;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'facegate');
}

export const settingsPath = (dataDir: string): string => join(dataDir, SETTINGS_FILE);

/**
 * Reads <dataDir>/settings.json through conf (settings-store.ts): a missing file means all
 * defaults, a corrupt or invalid one is INVALID_CONFIG naming the file and the field. The CLI is
 * strict on purpose; only the kiosk falls back to the last good settings.
 */
export function loadSettingsFile(dataDir: string): Settings {
  return new SettingsRepository(dataDir).read();
}
