import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { aesGcmOpen, aesGcmSeal, fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore, type SecretCipher } from '../../../../electron/core/secrets/secret-store';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-secrets-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const store = () => new FileSecretStore(join(dir, 'secrets.json'), fileKeyCipher(join(dir, 'secrets.key')));

describe('FileSecretStore with the key-file cipher', () => {
  it('round-trips a secret across instances, and the file never holds it in the clear', () => {
    store().set('clientSecret', 's3cr3t-value');
    expect(store().get('clientSecret')).toBe('s3cr3t-value');
    expect(readFileSync(join(dir, 'secrets.json'), 'utf8')).not.toContain('s3cr3t-value');
    expect(statSync(join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'secrets.key')).mode & 0o777).toBe(0o600);
  });

  it('deletes', () => {
    store().set('clientSecret', 'x');
    store().delete('clientSecret');
    expect(store().get('clientSecret')).toBeUndefined();
  });

  it('refuses a tampered value or a foreign key as INVALID_CONFIG, naming the file', () => {
    store().set('clientSecret', 'x');
    const file = join(dir, 'secrets.json');
    const all = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>;
    expect(all.clientSecret).toMatch(/^keyfile:/);
    const bytes = Buffer.from(all.clientSecret!.slice('keyfile:'.length), 'base64');
    bytes[14] = bytes[14]! ^ 0xff;
    writeFileSync(file, JSON.stringify({ clientSecret: `keyfile:${bytes.toString('base64')}` }));
    expect(() => store().get('clientSecret')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('refuses a corrupt file as INVALID_CONFIG rather than forgetting every secret', () => {
    writeFileSync(join(dir, 'secrets.json'), '{not json');
    expect(() => store().get('clientSecret')).toThrow(/secrets.json: unreadable secrets file/);
  });
});

/** Stands in for Electron's safeStorage: a cipher of its own that the CLI's key file cannot open. */
const keychainKey = Buffer.alloc(32, 7);
const fakeKeychain: SecretCipher = {
  id: 'keychain',
  seal: (plain) => aesGcmSeal(keychainKey, Buffer.from(plain, 'utf8')),
  open: (sealed) => aesGcmOpen(keychainKey, sealed).toString('utf8'),
};
const kioskStore = () =>
  new FileSecretStore(join(dir, 'secrets.json'), fakeKeychain, [fileKeyCipher(join(dir, 'secrets.key'))]);

describe('FileSecretStore shared by the CLI (key file) and the kiosk (keychain)', () => {
  it('lets the kiosk open what the CLI provisioned, and reseals it with the keychain at once', () => {
    store().set('adminPinHash', 'scrypt$hash');
    expect(kioskStore().get('adminPinHash')).toBe('scrypt$hash');
    const all = JSON.parse(readFileSync(join(dir, 'secrets.json'), 'utf8')) as Record<string, string>;
    expect(all.adminPinHash).toMatch(/^keychain:/);
    expect(kioskStore().get('adminPinHash')).toBe('scrypt$hash');
  });

  it('tells the CLI plainly that a keychain-sealed value is not its to open', () => {
    kioskStore().set('clientSecret', 'k');
    expect(() => store().get('clientSecret')).toThrow(/sealed by "keychain".*OS keychain/);
  });

  it('still opens values written before ciphers were named (key file)', () => {
    const cipher = fileKeyCipher(join(dir, 'secrets.key'));
    writeFileSync(join(dir, 'secrets.json'), JSON.stringify({ clientSecret: cipher.seal('old').toString('base64') }));
    expect(store().get('clientSecret')).toBe('old');
  });
});
