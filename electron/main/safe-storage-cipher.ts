import { join } from 'node:path';
import { safeStorage } from 'electron';
import type { Logger } from '../core/logger';
import { fileKeyCipher } from '../core/secrets/file-key-cipher';
import { FileSecretStore, type SecretCipher, type SecretStore } from '../core/secrets/secret-store';

/**
 * Secrets sealed by the OS keychain through Electron's safeStorage (DPAPI, Keychain, libsecret).
 * Where no keychain is available (a bare Linux kiosk without a secret service), fall back to the
 * CLI's key-file cipher and say so in the log: the operator should know the secrets' protection is
 * then only the data folder's file permissions.
 */
export function safeStorageCipher(dataDir: string, log: Logger): SecretCipher {
  const weakBackend = process.platform === 'linux' && safeStorage.getSelectedStorageBackend?.() === 'basic_text';
  if (!safeStorage.isEncryptionAvailable() || weakBackend) {
    log.warn('no OS keychain for safeStorage: secrets sealed with a key file in the data folder');
    return fileKeyCipher(join(dataDir, 'secrets.key'));
  }
  return {
    id: 'keychain',
    seal: (plain) => safeStorage.encryptString(plain),
    open: (sealed) => safeStorage.decryptString(sealed),
  };
}

/** The kiosk's store: writes with the keychain, still opens (and reseals) what the CLI provisioned. */
export function kioskSecretStore(dataDir: string, log: Logger): SecretStore {
  const cipher = safeStorageCipher(dataDir, log);
  const keyFile = cipher.id === 'keyfile' ? [] : [fileKeyCipher(join(dataDir, 'secrets.key'))];
  return new FileSecretStore(join(dataDir, 'secrets.json'), cipher, keyFile);
}
