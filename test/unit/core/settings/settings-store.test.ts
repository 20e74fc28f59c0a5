import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { defaultSettings } from '../../../../electron/common/settings';
import {
  electronStoreOptions,
  openConfBackend,
  settingsJsonSchema,
  settingsStoreOptions,
  SettingsRepository,
  type SettingsBackend,
} from '../../../../electron/core/settings/settings-store';

// electron-store runs for real; only Electron's app/ipcMain are faked (no Electron binary here).
vi.mock('electron', () => {
  const fakeApp = { getPath: () => tmpdir(), getVersion: () => '0.0.0-test' };
  const fakeIpcMain = { on: vi.fn(), removeAllListeners: vi.fn() };
  return { default: { app: fakeApp, ipcMain: fakeIpcMain, shell: {} }, app: fakeApp, ipcMain: fakeIpcMain };
});

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-store-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'settings.json');
const write = (value: unknown) => writeFileSync(file(), typeof value === 'string' ? value : JSON.stringify(value));

async function electronStoreBackend() {
  const { default: ElectronStore } = await import('electron-store');
  return (options: ReturnType<typeof settingsStoreOptions>) =>
    new ElectronStore<Record<string, unknown>>(electronStoreOptions(options)) as unknown as SettingsBackend;
}

describe('settings JSON schema (one definition, from the zod schema)', () => {
  it('is draft-07, closed to unknown keys, and carries the ranges an operator can be told', () => {
    const schema = settingsJsonSchema() as {
      $schema: string;
      additionalProperties: boolean;
      properties: Record<string, { properties: Record<string, { minimum?: number; maximum?: number }> }>;
    };
    expect(schema.$schema).toContain('draft-07');
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.relay!.properties.openMs).toMatchObject({ minimum: 200, maximum: 30_000 });
    expect(Object.keys(schema.properties)).toEqual(Object.keys(defaultSettings()));
  });
});

describe('SettingsRepository with electron-store (the kiosk) and conf (the CLI) on one file', () => {
  it('electron-store reads what the CLI wrote, and the CLI reads what electron-store wrote', async () => {
    const cli = new SettingsRepository(dir);
    const kiosk = new SettingsRepository(dir, await electronStoreBackend());
    cli.save({ ...defaultSettings(), relay: { ...defaultSettings().relay, openMs: 1500 } });
    expect(kiosk.read().relay.openMs).toBe(1500);
    kiosk.save({ ...defaultSettings(), resultDisplayMs: 7000 });
    expect(cli.read().resultDisplayMs).toBe(7000);
    expect(
      readdirSync(dir)
        .filter((f) => f.endsWith('.json'))
        .sort(),
    ).toEqual(['settings.json', 'settings.last-good.json']);
  });

  it('does not write a file just by reading it (no file: all defaults, and still no file)', () => {
    expect(new SettingsRepository(dir).read()).toEqual(defaultSettings());
    expect(existsSync(file())).toBe(false);
  });

  it('refuses an invalid save naming the field, and leaves the file as it was', async () => {
    const repo = new SettingsRepository(dir, await electronStoreBackend());
    write({ resultDisplayMs: 5000 });
    const before = readFileSync(file(), 'utf8');
    expect(() => repo.save({ relay: { openMs: 50 } })).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('relay.openMs') }),
    );
    expect(() => repo.save({ gate: { minFaceWidthRatio: 0.6, maxFaceWidthRatio: 0.5 } })).toThrow(
      /minFaceWidthRatio must be below maxFaceWidthRatio/,
    );
    expect(() => repo.save({ typo: 1 })).toThrow(/typo/);
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it.each([
    ['corrupt JSON', '{"relay": {"openMs": 1', 'not valid JSON'],
    ['a wrong value', { relay: { openMs: 'long' } }, 'relay.openMs'],
    ['an unknown key', { relai: {} }, 'relai'],
  ])(
    'keeps the last good settings when the file holds %s, and says which file is wrong',
    async (_what, content, words) => {
      const repo = new SettingsRepository(dir, await electronStoreBackend());
      write({ resultDisplayMs: 9000 });
      expect(repo.load()).toMatchObject({ source: 'file', fault: null });
      write(content);
      const loaded = repo.load();
      expect(loaded.source).toBe('last-good');
      expect(loaded.settings.resultDisplayMs).toBe(9000);
      expect(loaded.fault?.code).toBe('INVALID_CONFIG');
      expect(loaded.fault?.message).toContain(file());
      expect(loaded.fault?.message).toContain(words);
      // The broken file is the operator's to see and fix: never wiped or rewritten by a read.
      expect(readFileSync(file(), 'utf8')).toBe(typeof content === 'string' ? content : JSON.stringify(content));
    },
  );

  describe.each([
    ['conf (the CLI)', () => Promise.resolve(openConfBackend)],
    ['electron-store (the kiosk)', electronStoreBackend],
  ])('file edge cases through %s', (_name, backend) => {
    it('refuses a file holding null as INVALID_CONFIG, like [], and falls back to the last good settings', async () => {
      const repo = new SettingsRepository(dir, await backend());
      write({ resultDisplayMs: 9000 });
      repo.load();
      for (const content of ['null', '[]']) {
        write(content);
        expect(() => repo.read()).toThrow(
          expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(file()) }),
        );
        expect(repo.load()).toMatchObject({
          source: 'last-good',
          settings: { resultDisplayMs: 9000 },
          fault: { code: 'INVALID_CONFIG' },
        });
        expect(readFileSync(file(), 'utf8')).toBe(content);
      }
    });

    it('reads a file with a UTF-8 byte-order mark, and saves over it', async () => {
      const repo = new SettingsRepository(dir, await backend());
      write(`\uFEFF${JSON.stringify({ resultDisplayMs: 7000 })}`);
      expect(repo.load()).toMatchObject({ source: 'file', fault: null, settings: { resultDisplayMs: 7000 } });
      repo.save({ resultDisplayMs: 8000 });
      expect(repo.read().resultDisplayMs).toBe(8000);
      expect(readdirSync(dir).filter((f) => f.includes('.broken-'))).toEqual([]);
    });

    it('refuses a user:password in a service URL without repeating it', async () => {
      const repo = new SettingsRepository(dir, await backend());
      write({ verifier: { tokenUrl: 'https://kiosk:pw-5d20c1@sdk.faceki.com/auth/api/access-token' } });
      expect(() => repo.read()).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('verifier.tokenUrl') }),
      );
      expect(() => repo.read()).toThrow(expect.objectContaining({ message: expect.not.stringContaining('pw-5d20c1') }));
      expect(() => repo.save({ verifier: { verifyUrl: 'https://a:b@sdkbio.faceki.com/verify' } })).toThrow(
        expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining('verifier.verifyUrl') }),
      );
    });
  });

  it('has nothing to fall back on the first time: the fault is thrown, naming the file', () => {
    write('not json');
    expect(() => new SettingsRepository(dir).load()).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG', message: expect.stringContaining(file()) }),
    );
  });

  it('replaces a broken file with good settings when the admin saves, keeping the broken one aside', () => {
    const repo = new SettingsRepository(dir);
    write('{broken');
    repo.save({ resultDisplayMs: 4500 });
    expect(repo.read().resultDisplayMs).toBe(4500);
    const aside = readdirSync(dir).filter((f) => f.startsWith('settings.json.broken-'));
    expect(aside).toHaveLength(1);
    expect(readFileSync(join(dir, aside[0]!), 'utf8')).toBe('{broken');
  });

  it('a disk that refuses the write is STORAGE_FAILED, not a settings error, and the file is untouched', () => {
    write({ resultDisplayMs: 5000 });
    const before = readFileSync(file(), 'utf8');
    // The real conf store, whose write fails as on a full disk (a disk cannot be filled in a test).
    const fullDisk = (options: ReturnType<typeof settingsStoreOptions>): SettingsBackend => {
      const real = openConfBackend(options);
      return {
        path: real.path,
        get store() {
          return real.store;
        },
        set store(_value) {
          throw Object.assign(new Error('no space left on device'), { code: 'ENOSPC' });
        },
      };
    };
    expect(() => new SettingsRepository(dir, fullDisk).save({ resultDisplayMs: 6000 })).toThrow(
      expect.objectContaining({ code: 'STORAGE_FAILED', message: expect.stringContaining('ENOSPC') }),
    );
    expect(readFileSync(file(), 'utf8')).toBe(before);
  });

  it('starts on good settings even when the last-good copy cannot be written', () => {
    write({ resultDisplayMs: 5000 });
    mkdirSync(join(dir, 'settings.last-good.json'));
    const loaded = new SettingsRepository(dir).load();
    expect(loaded).toMatchObject({ source: 'file', fault: null, settings: { resultDisplayMs: 5000 } });
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
