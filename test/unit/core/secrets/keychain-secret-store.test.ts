import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aesGcmOpen, aesGcmSeal, fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { KeychainSecretStore, type AsyncSecretCipher } from '../../../../electron/core/secrets/keychain-secret-store';
import { FileSecretStore } from '../../../../electron/core/secrets/secret-store';
import { RecordingLog } from '../shell/fakes';

/**
 * Stands in for safeStorage's async calls: a key of its own the CLI's key file cannot open, answering
 * on a later tick as the real one does. `rotate` makes every open ask for a re-seal; `refuse` makes
 * sealing fail (a keychain that went away).
 */
class FakeKeychain implements AsyncSecretCipher {
  readonly id = 'keychain';
  rotate = false;
  refuse = false;
  seals = 0;
  private readonly key = Buffer.alloc(32, 7);

  async seal(plain: string): Promise<Buffer> {
    await new Promise((resolve) => setImmediate(resolve));
    if (this.refuse) throw new Error('Error while encrypting the text provided to safeStorage.encryptStringAsync.');
    this.seals += 1;
    return aesGcmSeal(this.key, Buffer.from(plain, 'utf8'));
  }

  async open(sealed: Buffer): Promise<{ plain: string; reseal: boolean }> {
    await new Promise((resolve) => setImmediate(resolve));
    return { plain: aesGcmOpen(this.key, sealed).toString('utf8'), reseal: this.rotate };
  }
}

let dir: string;
let keychain: FakeKeychain;
let log: RecordingLog;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-keychain-'));
  keychain = new FakeKeychain();
  log = new RecordingLog();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const file = () => join(dir, 'secrets.json');
const onDisk = () => JSON.parse(readFileSync(file(), 'utf8')) as Record<string, string>;
const keyFile = () => fileKeyCipher(join(dir, 'secrets.key'));
/** What the CLI writes: `facegate secret set`, `facegate admin set-pin`. */
const cli = () => new FileSecretStore(file(), keyFile());
const open = () => KeychainSecretStore.open(file(), keychain, keyFile(), log);

describe('KeychainSecretStore', () => {
  it('adopts what the CLI provisioned: opens it, and re-seals it with the keychain before open() resolves', async () => {
    cli().set('clientSecret', 'cli-secret');
    cli().set('adminPinHash', 'scrypt$hash');
    expect(onDisk().clientSecret).toMatch(/^keyfile:/);

    const store = await open();
    expect(onDisk().clientSecret).toMatch(/^keychain:/);
    expect(onDisk().adminPinHash).toMatch(/^keychain:/);
    expect(readFileSync(file(), 'utf8')).not.toContain('cli-secret');
    expect(store.get('clientSecret')).toBe('cli-secret');
    expect(store.get('adminPinHash')).toBe('scrypt$hash');
    // A later start opens the keychain's values as they are.
    expect((await open()).get('clientSecret')).toBe('cli-secret');
    expect(keychain.seals).toBe(2);
    // The key file stays: the CLI still seals with it (kiosk-secrets.ts says why it is never deleted).
    expect(existsSync(join(dir, 'secrets.key'))).toBe(true);
    expect(log.entries).toEqual([]);
  });

  it('has a set() value on disk when set() returns, and sealed by the keychain once settled', async () => {
    const store = await open();
    store.set('adminPinHash', 'new-hash');
    // Synchronously durable, the way the admin screen's "PIN changed" expects.
    expect(onDisk().adminPinHash).toMatch(/^keyfile:/);
    expect(cli().get('adminPinHash')).toBe('new-hash');
    expect(store.get('adminPinHash')).toBe('new-hash');
    await store.settled();
    expect(onDisk().adminPinHash).toMatch(/^keychain:/);
    expect(store.get('adminPinHash')).toBe('new-hash');
  });

  it('lets the newest value win when set() runs again before the first re-seal lands', async () => {
    const store = await open();
    store.set('accessToken', 'first');
    store.set('accessToken', 'second');
    await store.settled();
    expect(store.get('accessToken')).toBe('second');
    expect(onDisk().accessToken).toMatch(/^keychain:/);
    expect((await open()).get('accessToken')).toBe('second');
  });

  it('does not bring back a value deleted while its re-seal was on its way', async () => {
    const store = await open();
    store.set('accessToken', 'token');
    store.delete('accessToken');
    await store.settled();
    expect(onDisk()).not.toHaveProperty('accessToken');
    expect(store.get('accessToken')).toBeUndefined();
  });

  it('opens, and adopts, a value the CLI writes while the kiosk runs', async () => {
    const store = await open();
    cli().set('clientSecret', 'rotated-by-installer');
    expect(store.get('clientSecret')).toBe('rotated-by-installer');
    await store.settled();
    expect(onDisk().clientSecret).toMatch(/^keychain:/);
    expect(store.get('clientSecret')).toBe('rotated-by-installer');
  });

  it('re-seals a value the keychain asks to (a rotated key)', async () => {
    cli().set('imageKey', 'k');
    await open();
    const before = onDisk().imageKey;
    keychain.rotate = true;
    const store = await open();
    expect(onDisk().imageKey).toMatch(/^keychain:/);
    expect(onDisk().imageKey).not.toBe(before);
    expect(store.get('imageKey')).toBe('k');
  });

  it('keeps the key-file copy, and says so, when the keychain cannot seal', async () => {
    cli().set('clientSecret', 'still-here');
    keychain.refuse = true;
    const store = await open();
    expect(onDisk().clientSecret).toMatch(/^keyfile:/);
    expect(store.get('clientSecret')).toBe('still-here');
    expect(log.messages('warn')).toEqual(['could not seal a secret with the OS keychain; the key-file copy stays']);
    expect(log.entries[0]?.fields).toMatchObject({ name: 'clientSecret' });
  });

  it('starts with one value it cannot open; that name alone is INVALID_CONFIG', async () => {
    cli().set('clientSecret', 'good');
    const all = onDisk();
    writeFileSync(file(), JSON.stringify({ ...all, accessToken: 'keyfile:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }));
    const store = await open();
    expect(store.get('clientSecret')).toBe('good');
    expect(() => store.get('accessToken')).toThrow(
      expect.objectContaining({
        code: 'INVALID_CONFIG',
        message: expect.stringContaining('accessToken cannot be decrypted'),
      }),
    );
  });

  it('refuses an unreadable secrets file as INVALID_CONFIG naming it, rather than forgetting every secret', async () => {
    writeFileSync(file(), '{not json');
    await expect(open()).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('secrets.json: unreadable secrets file'),
    });
    writeFileSync(file(), JSON.stringify({ clientSecret: 42 }));
    await expect(open()).rejects.toMatchObject({ message: expect.stringContaining('clientSecret is not a string') });
  });

  it('leaves names it does not know as they are', async () => {
    writeFileSync(file(), JSON.stringify({ futureSecret: 'other:abc' }));
    await open();
    expect(onDisk()).toEqual({ futureSecret: 'other:abc' });
  });
});
