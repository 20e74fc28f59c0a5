import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../ipc/dispatcher';

/** The secrets facegate keeps. Never in settings.json, never sent to the renderer, never logged. */
export type SecretName = 'clientSecret' | 'imageKey' | 'adminPinHash' | 'accessToken';

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
  /** Written before each sealed value ("keyfile:...", "keychain:..."), so a store knows which cipher opens it. */
  readonly id: string;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

/**
 * Secrets sealed one by one into a JSON file ("<cipher id>:<base64>" per name), written atomically
 * with mode 0600. A file or value that cannot be read or opened is INVALID_CONFIG, naming the file,
 * never silently empty.
 *
 * `others` are ciphers this store can still open but no longer writes with: the kiosk opens what
 * the CLI sealed under its key file (an installer provisioning the client secret or the admin PIN
 * with `facegate secret` / `facegate admin set-pin`) and reseals it at once with the OS keychain.
 */
export class FileSecretStore implements SecretStore {
  constructor(
    private readonly path: string,
    private readonly cipher: SecretCipher,
    private readonly others: readonly SecretCipher[] = [],
  ) {}

  get(name: SecretName): string | undefined {
    const stored = this.read()[name];
    if (stored === undefined) return undefined;
    const colon = stored.indexOf(':');
    // Values written before ids existed were sealed by the key file.
    const [id, body] = colon < 0 ? ['keyfile', stored] : [stored.slice(0, colon), stored.slice(colon + 1)];
    const cipher = [this.cipher, ...this.others].find((c) => c.id === id);
    if (!cipher) {
      throw new CodedError(
        'INVALID_CONFIG',
        `${this.path}: ${name} was sealed by "${id}", which this program cannot open` +
          (id === 'keychain'
            ? ' (the kiosk sealed it with the OS keychain: set it again here, or pass it by flag/environment)'
            : ''),
      );
    }
    let plain: string;
    try {
      plain = cipher.open(Buffer.from(body, 'base64'));
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: ${name} cannot be decrypted (${(error as Error).message})`);
    }
    if (cipher !== this.cipher) this.set(name, plain);
    return plain;
  }

  set(name: SecretName, value: string): void {
    this.write({ ...this.read(), [name]: `${this.cipher.id}:${this.cipher.seal(value).toString('base64')}` });
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
