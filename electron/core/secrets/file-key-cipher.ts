import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../ipc/dispatcher';
import type { SecretCipher } from './secret-store';

/** AES-256-GCM: 12-byte nonce, ciphertext, 16-byte tag, in one buffer. */
export function aesGcmSeal(key: Buffer, plain: Buffer): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

export function aesGcmOpen(key: Buffer, sealed: Buffer): Buffer {
  if (sealed.length < 28) throw new Error('sealed value too short');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, 12));
  decipher.setAuthTag(sealed.subarray(sealed.length - 16));
  return Buffer.concat([decipher.update(sealed.subarray(12, sealed.length - 16)), decipher.final()]);
}

/**
 * The CLI's cipher: a random 256-bit key in a file of its own (mode 0600), made on first use. It
 * keeps secrets out of plain sight in settings and backups of the secrets file; it is not the OS
 * keychain, which the Electron kiosk uses instead (safeStorage).
 */
export function fileKeyCipher(keyPath: string): SecretCipher {
  let key: Buffer | null = null;
  const load = (): Buffer => {
    if (key) return key;
    if (!existsSync(keyPath)) {
      mkdirSync(dirname(keyPath), { recursive: true });
      writeFileSync(keyPath, randomBytes(32), { mode: 0o600, flag: 'wx' });
    }
    chmodSync(keyPath, 0o600);
    const read = readFileSync(keyPath);
    if (read.length !== 32) throw new CodedError('INVALID_CONFIG', `${keyPath}: key file is not 32 bytes`);
    key = read;
    return key;
  };
  return {
    id: 'keyfile',
    seal: (plain) => aesGcmSeal(load(), Buffer.from(plain, 'utf8')),
    open: (sealed) => aesGcmOpen(load(), sealed).toString('utf8'),
  };
}
