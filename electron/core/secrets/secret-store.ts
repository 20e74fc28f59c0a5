import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../ipc/dispatcher';

/** The secrets facegate keeps. Never in settings.json, never sent to the renderer, never logged. */
export type SecretName = 'clientSecret' | 'imageKey';

export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/**
 * How a value is sealed at rest: Electron's safeStorage (OS keychain) in the kiosk, a local key
 * file under the CLI (see file-key-cipher.ts). The store itself never sees the key.
 */
export interface SecretCipher {
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

/**
 * Secrets sealed one by one into a JSON file (base64 per name), written atomically with mode 0600.
 * A file that cannot be read or opened is INVALID_CONFIG, naming the file, never silently empty.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly path: string,
    private readonly cipher: SecretCipher,
  ) {}

  get(name: SecretName): string | undefined {
    const sealed = this.read()[name];
    if (sealed === undefined) return undefined;
    try {
      return this.cipher.open(Buffer.from(sealed, 'base64'));
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: ${name} cannot be decrypted (${(error as Error).message})`);
    }
  }

  set(name: SecretName, value: string): void {
    this.write({ ...this.read(), [name]: this.cipher.seal(value).toString('base64') });
  }

  delete(name: SecretName): void {
    const all = this.read();
    delete all[name];
    this.write(all);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      return parsed as Record<string, string>;
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: unreadable secrets file (${(error as Error).message})`);
    }
  }

  private write(all: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, this.path);
  }
}
