import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { openKioskSecrets } from '../../../../electron/core/secrets/kiosk-secrets';
import { FileSecretStore } from '../../../../electron/core/secrets/secret-store';
import { RecordingLog } from '../shell/fakes';
import { FakeSafeStorage } from './fake-safe-storage';

let dataDir: string;
let safeStorage: FakeSafeStorage;
let log: RecordingLog;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-kiosk-secrets-'));
  safeStorage = new FakeSafeStorage();
  log = new RecordingLog();
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
const cli = () => new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key')));
const open = (platform: NodeJS.Platform = 'linux') => openKioskSecrets({ dataDir, safeStorage, platform, log });

describe('openKioskSecrets', () => {
  it('before ready finds no keychain (why the store must be built after ready)', async () => {
    cli().set('clientSecret', 's');
    const { sealedBy, store } = await open();
    expect(sealedBy).toBe('keyfile');
    expect(store.get('clientSecret')).toBe('s');
    expect(log.messages('warn')).toEqual([
      'no OS keychain for safeStorage: secrets sealed with a key file in the data folder',
    ]);
  });

  it('after ready seals with the keychain and adopts what the CLI provisioned, without deprecated calls', async () => {
    cli().set('clientSecret', 'cli-secret');
    cli().set('adminPinHash', 'scrypt$hash');
    safeStorage.ready = true;
    const { sealedBy, store } = await open();
    expect(sealedBy).toBe('keychain');
    expect(onDisk()).toEqual({
      clientSecret: expect.stringMatching(/^keychain:/),
      adminPinHash: expect.stringMatching(/^keychain:/),
    });
    expect(store.get('clientSecret')).toBe('cli-secret');
    expect(store.get('adminPinHash')).toBe('scrypt$hash');
    expect(log.messages()).toEqual(['secrets sealed with the OS keychain']);
    expect(log.entries[0]?.fields).toEqual({ backend: 'gnome_libsecret' });
    expect(safeStorage.deprecatedCalls).toEqual([]);
    // Kept on purpose: the CLI seals with it, and set() stages through it.
    expect(existsSync(join(dataDir, 'secrets.key'))).toBe(true);
  });

  it('keeps the key file on Linux when the password store is "basic_text" (a key that is not secret)', async () => {
    safeStorage.ready = true;
    safeStorage.backend = 'basic_text';
    safeStorage.secretService = false;
    cli().set('clientSecret', 's');
    const { sealedBy } = await open('linux');
    expect(sealedBy).toBe('keyfile');
    expect(onDisk().clientSecret).toMatch(/^keyfile:/);
    expect(log.entries[0]?.fields).toEqual({ reason: expect.stringContaining('"basic_text"') });
  });

  it.each([
    ['a secret service ("v11")', true, 'keychain'],
    ['only Chromium\'s fixed key ("v10")', false, 'keyfile'],
  ] as const)(
    'asks the ciphertext when Electron does not name the Linux backend: with %s, seals with the %s',
    async (_label, secretService, sealedBy) => {
      safeStorage.ready = true;
      // What Electron 45 answers when only the asynchronous calls have been used.
      safeStorage.backend = '';
      safeStorage.secretService = secretService;
      cli().set('clientSecret', 's');
      expect((await open('linux')).sealedBy).toBe(sealedBy);
      expect(onDisk().clientSecret).toMatch(new RegExp(`^${sealedBy}:`));
      expect(safeStorage.deprecatedCalls).toEqual([]);
    },
  );

  it('does not ask for a Linux backend on Windows or macOS (their "v10" is DPAPI\'s, the Keychain\'s)', async () => {
    safeStorage.ready = true;
    safeStorage.backend = 'basic_text';
    safeStorage.secretService = false;
    expect((await open('win32')).sealedBy).toBe('keychain');
    expect((await open('darwin')).sealedBy).toBe('keychain');
  });

  it.each([
    ['with a keychain', true],
    ['without one', false],
  ])('refuses an unreadable secrets.json at once %s, so the kiosk can show why', async (_label, ready) => {
    safeStorage.ready = ready;
    writeFileSync(join(dataDir, 'secrets.json'), '{"clientSecret": ');
    await expect(open()).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('secrets.json: unreadable secrets file'),
    });
  });
});

describe('openKioskSecrets with a keychain that never answers', () => {
  it('gives up with TIMEOUT, which the kiosk shows, instead of waiting forever', async () => {
    safeStorage.ready = true;
    safeStorage.isAsyncEncryptionAvailable = () => new Promise<boolean>(() => {});
    await expect(
      openKioskSecrets({ dataDir, safeStorage, platform: 'linux', log, timeoutMs: 20 }),
    ).rejects.toMatchObject({
      code: 'TIMEOUT',
      message: expect.stringContaining('did not answer within 0.02 s'),
    });
  });
});
