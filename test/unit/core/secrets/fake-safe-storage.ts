import { aesGcmOpen, aesGcmSeal } from '../../../../electron/core/secrets/file-key-cipher';
import type { SafeStorageLike } from '../../../../electron/core/secrets/kiosk-secrets';

/**
 * Electron's safeStorage as electron.d.ts (45) describes it: nothing is available before `ready`
 * (on Linux and Windows), the Linux backend is "unknown" before it, and the deprecated synchronous
 * calls are there but must not be what the kiosk uses. Ciphertext starts with Chromium's version
 * tag: "v11" sealed by a secret service's key, "v10" by the fixed fallback key of a Linux without one.
 */
export class FakeSafeStorage implements SafeStorageLike {
  ready = false;
  backend: string = 'gnome_libsecret';
  /** Whether a secret service holds the key; without one Chromium falls back to its fixed key. */
  secretService = true;
  readonly deprecatedCalls: string[] = [];
  private readonly key = Buffer.alloc(32, 3);

  async isAsyncEncryptionAvailable(): Promise<boolean> {
    return this.ready;
  }
  async encryptStringAsync(plainText: string): Promise<Buffer> {
    if (!this.ready) throw new Error('safeStorage cannot be used before app is ready');
    return Buffer.concat([Buffer.from(this.tag()), aesGcmSeal(this.key, Buffer.from(plainText, 'utf8'))]);
  }
  private tag(): string {
    return this.secretService ? 'v11' : 'v10';
  }
  async decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }> {
    if (!this.ready) throw new Error('safeStorage cannot be used before app is ready');
    return { shouldReEncrypt: false, result: aesGcmOpen(this.key, encrypted.subarray(3)).toString('utf8') };
  }
  getSelectedStorageBackend(): string {
    return this.ready ? this.backend : 'unknown';
  }
  isEncryptionAvailable(): boolean {
    this.deprecatedCalls.push('isEncryptionAvailable');
    return this.ready;
  }
  encryptString(plainText: string): Buffer {
    this.deprecatedCalls.push('encryptString');
    if (!this.ready) throw new Error('safeStorage cannot be used before app is ready');
    return Buffer.concat([Buffer.from(this.tag()), aesGcmSeal(this.key, Buffer.from(plainText, 'utf8'))]);
  }
  decryptString(encrypted: Buffer): string {
    this.deprecatedCalls.push('decryptString');
    if (!this.ready) throw new Error('safeStorage cannot be used before app is ready');
    return aesGcmOpen(this.key, encrypted.subarray(3)).toString('utf8');
  }
}
