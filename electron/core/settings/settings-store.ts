import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import { z } from 'zod';
import { settingsSchema, type Settings } from '../../common/settings';
import { CodedError } from '../ipc/dispatcher';
import type { StartupFault } from '../kiosk-runtime';

/**
 * One settings file, <dataDir>/settings.json, read and written through electron-store in the
 * kiosk and through conf (the library electron-store is built on) in the CLI and the Node host,
 * with the same options and the same JSON schema. The schema is generated from the zod schema in
 * common/settings.ts, so there is one definition: JSON Schema (ajv, inside conf) guards every write
 * to the file, zod adds the cross-field rules JSON Schema cannot say (min below max) and the defaults.
 */

export const SETTINGS_FILE = 'settings.json';
export const LAST_GOOD_FILE = 'settings.last-good.json';

/** The part of a conf / electron-store instance we use: its file path and the whole store. */
export interface SettingsBackend {
  readonly path: string;
  get store(): Record<string, unknown>;
  set store(value: Record<string, unknown>);
}

/** The options both libraries are opened with (electron-store passes them on to conf). */
export interface SettingsStoreOptions {
  cwd: string;
  configName: string;
  schema: Record<string, Record<string, unknown>>;
  rootSchema: Record<string, unknown>;
  ajvOptions: Record<string, unknown>;
  clearInvalidConfig: false;
  accessPropertiesByDotNotation: false;
}

export type OpenSettingsBackend = (options: SettingsStoreOptions) => SettingsBackend;

/** settings.json's JSON Schema (draft-07), as written in docs and checked by ajv. */
export function settingsJsonSchema(): Record<string, unknown> {
  // io 'input': a field with a default may be left out of the file.
  return z.toJSONSchema(settingsSchema, { target: 'draft-7', io: 'input' }) as Record<string, unknown>;
}

export function settingsStoreOptions(dataDir: string): SettingsStoreOptions {
  const schema = settingsJsonSchema();
  const { properties } = schema as { properties: Record<string, Record<string, unknown>> };
  return {
    cwd: dataDir,
    configName: 'settings',
    schema: properties,
    // A key the schema does not know is a typo, and a typo must not be ignored silently.
    rootSchema: { additionalProperties: false },
    // Defaults are zod's to fill at read time: the file keeps only what the operator wrote, and
    // reading it (a CLI `log`, a kiosk start) never rewrites it.
    ajvOptions: { useDefaults: false },
    // Never wipe an operator's broken file: it is shown to them with its path and kept to be fixed.
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
  };
}

/** electron-store spells conf's configName as `name` (and would otherwise write config.json). */
export function electronStoreOptions(options: SettingsStoreOptions): Omit<SettingsStoreOptions, 'configName'> & {
  name: string;
} {
  const { configName, ...rest } = options;
  return { ...rest, name: configName };
}

/** The CLI's and the Node host's backend: conf itself (electron-store is conf plus Electron's paths). */
export const openConfBackend: OpenSettingsBackend = (options) =>
  new Conf<Record<string, unknown>>(options) as unknown as SettingsBackend;

/** Parses settings, naming every wrong field; the kiosk shows INVALID_CONFIG rather than guessing. */
export function parseSettings(input: unknown, source: string): Settings {
  const parsed = settingsSchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new CodedError('INVALID_CONFIG', `${source}: ${problems}`);
}

export interface LoadedSettings {
  settings: Settings;
  /** Where they came from: the file, or the copy of the last settings that were good. */
  source: 'file' | 'last-good';
  /** Set when settings.json is broken and the last good settings stand in for it. */
  fault: StartupFault | null;
}

/** Reads and writes settings.json with the rules above, and keeps a copy of the last good settings. */
export class SettingsRepository {
  readonly path: string;
  readonly lastGoodPath: string;

  constructor(
    private readonly dataDir: string,
    private readonly open: OpenSettingsBackend = openConfBackend,
  ) {
    this.path = join(dataDir, SETTINGS_FILE);
    this.lastGoodPath = join(dataDir, LAST_GOOD_FILE);
  }

  /** settings.json as it is; a missing file is all defaults, a broken one is INVALID_CONFIG naming it. */
  read(): Settings {
    // zod first, on the raw file, for messages an operator can act on ("relay.openMs: too small");
    // then the store as conf / electron-store opens it, whose JSON schema check is the same rules
    // (it reads the same bytes, so zod's result stands).
    // Only a missing file means all defaults: a file holding null is as wrong as one holding [].
    const raw = this.readRaw();
    const settings = parseSettings(raw === undefined ? {} : raw, this.path);
    try {
      this.open(settingsStoreOptions(this.dataDir));
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: ${describe(error)}`);
    }
    return settings;
  }

  /** The file's JSON; undefined only when there is no file. */
  private readRaw(): unknown {
    let text: string;
    try {
      text = readFileSync(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw new CodedError('INVALID_CONFIG', `${this.path}: cannot read (${(error as Error).message})`);
    }
    try {
      // A byte-order mark is no part of the JSON, but editors on Windows write one; conf skips it too.
      return JSON.parse(text.replace(/^\uFEFF/, '')) as unknown;
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: not valid JSON (${(error as Error).message})`);
    }
  }

  /**
   * For the kiosk: the file if it is good (and then it becomes the last good copy); otherwise the
   * last good settings with the fault beside them, so the door keeps working as it did and the
   * screen tells the operator which file to fix. With no good copy either, the fault is thrown.
   */
  load(): LoadedSettings {
    try {
      const settings = this.read();
      this.keepLastGood(settings);
      return { settings, source: 'file', fault: null };
    } catch (error) {
      if (!(error instanceof CodedError)) throw error;
      const lastGood = this.readLastGood();
      if (lastGood === null) throw error;
      return { settings: lastGood, source: 'last-good', fault: { code: error.code, message: error.message } };
    }
  }

  /** Validates the whole candidate first (zod, then the JSON schema as conf writes): a bad one changes nothing. */
  save(candidate: unknown): Settings {
    const settings = parseSettings(candidate, 'new settings');
    let backend: SettingsBackend;
    try {
      backend = this.open(settingsStoreOptions(this.dataDir));
    } catch {
      // The file on disk is broken: it is replaced by the good settings, but kept aside for the record.
      this.setAsideBrokenFile();
      backend = this.open(settingsStoreOptions(this.dataDir));
    }
    try {
      backend.store = settings as unknown as Record<string, unknown>;
    } catch (error) {
      // A file that cannot be written (full disk, read-only folder) is not the operator's typo.
      const errno = (error as NodeJS.ErrnoException).code;
      if (errno)
        throw new CodedError('STORAGE_FAILED', `${this.path}: not saved (${errno}: ${(error as Error).message})`);
      throw new CodedError('INVALID_CONFIG', `new settings: ${describe(error)}`);
    }
    this.keepLastGood(settings);
    return settings;
  }

  private readLastGood(): Settings | null {
    try {
      return settingsSchema.parse(JSON.parse(readFileSync(this.lastGoodPath, 'utf8')));
    } catch {
      return null;
    }
  }

  /** Best effort: the copy is a fallback, and a full disk must not stop a kiosk whose settings are good. */
  private keepLastGood(settings: Settings): void {
    const text = JSON.stringify(settings, null, 2);
    try {
      if (readFileSync(this.lastGoodPath, 'utf8') === text) return;
    } catch {
      // No copy yet: write one.
    }
    const partial = `${this.lastGoodPath}.${process.pid}.tmp`;
    try {
      writeFileSync(partial, text, { mode: 0o600 });
      renameSync(partial, this.lastGoodPath);
    } catch {
      rmSync(partial, { force: true });
    }
  }

  private setAsideBrokenFile(): void {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    try {
      renameSync(this.path, `${this.path}.broken-${stamp}`);
    } catch {
      // Nothing to set aside.
    }
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // conf's own words name the file already; ours put the path first, once.
  return message
    .replace(/^The config file `[^`]*` is /, 'the file is ')
    .replace(/^Config schema violation: /, '')
    .replace(/`([\w/]+)`/g, (_m, path: string) => path.replaceAll('/', '.'));
}
