import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { settingsSchema, type Settings } from '../../common/settings';
import { CodedError } from '../ipc/dispatcher';

/** Where settings and the database live for the CLI and the Node host: --data-dir, FACEGATE_DATA_DIR, or the XDG config folder. */
export function resolveDataDir(flag?: string): string {
  if (flag) return flag;
  if (process.env.FACEGATE_DATA_DIR) return process.env.FACEGATE_DATA_DIR;
  const base = process.env.XDG_CONFIG_HOME || join(homedir(), '.config');
  return join(base, 'facegate');
}

export const settingsPath = (dataDir: string): string => join(dataDir, 'settings.json');

/** Parses settings, naming every wrong field; the kiosk shows INVALID_CONFIG rather than guessing. */
export function parseSettings(input: unknown, source: string): Settings {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new CodedError('INVALID_CONFIG', `${source}: ${problems}`);
}

/** Reads <dataDir>/settings.json; a missing file means all defaults, a corrupt one is INVALID_CONFIG. */
export function loadSettingsFile(dataDir: string): Settings {
  const path = settingsPath(dataDir);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return parseSettings({}, path);
    throw new CodedError('INVALID_CONFIG', `${path}: cannot read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new CodedError('INVALID_CONFIG', `${path}: not valid JSON (${(error as Error).message})`);
  }
  return parseSettings(json, path);
}
