import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fileKeyCipher } from '../../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../../electron/core/secrets/secret-store';

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
    const bytes = Buffer.from(all.clientSecret!, 'base64');
    bytes[14] = bytes[14]! ^ 0xff;
    writeFileSync(file, JSON.stringify({ clientSecret: bytes.toString('base64') }));
    expect(() => store().get('clientSecret')).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });

  it('refuses a corrupt file as INVALID_CONFIG rather than forgetting every secret', () => {
    writeFileSync(join(dir, 'secrets.json'), '{not json');
    expect(() => store().get('clientSecret')).toThrow(/secrets.json: unreadable secrets file/);
  });
});
