import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { CodedError } from '../ipc/dispatcher';

/** The secrets facegate keeps. Never in settings.json, never sent to the renderer, never logged. */
export const SECRET_NAMES = ['clientSecret', 'imageKey', 'adminPinHash', 'accessToken', 'galleryKey'] as const;
export type SecretName = (typeof SECRET_NAMES)[number];

export const isSecretName = (name: string): name is SecretName => (SECRET_NAMES as readonly string[]).includes(name);

export interface SecretStore {
  get(name: SecretName): string | undefined;
  set(name: SecretName, value: string): void;
  delete(name: SecretName): void;
}

/**
 * How a value is sealed at rest: a local key file under the CLI (see file-key-cipher.ts). The
 * kiosk's OS keychain is asynchronous and has its own store (keychain-secret-store.ts).
 */
export interface SecretCipher {
  /** Written before each sealed value ("keyfile:...", "keychain:..."), so a store knows which cipher opens it. */
  readonly id: string;
  seal(plain: string): Buffer;
  open(sealed: Buffer): string;
}

/** "<cipher id>:<base64>"; a value without an id was written before ids existed, by the key file. */
export function parseSealed(stored: string): { id: string; body: Buffer } {
  const colon = stored.indexOf(':');
  return colon < 0
    ? { id: 'keyfile', body: Buffer.from(stored, 'base64') }
    : { id: stored.slice(0, colon), body: Buffer.from(stored.slice(colon + 1), 'base64') };
}

export const formatSealed = (id: string, sealed: Buffer): string => `${id}:${sealed.toString('base64')}`;

/** Why a stored value cannot be opened here, in the words every store uses. */
export function foreignCipherError(path: string, name: string, id: string): CodedError {
  return new CodedError(
    'INVALID_CONFIG',
    `${path}: ${name} was sealed by "${id}", which this program cannot open` +
      (id === 'keychain'
        ? ' (the kiosk sealed it with the OS keychain: set it again here, or pass it by flag/environment)'
        : ''),
  );
}

export const undecryptableError = (path: string, name: string, error: unknown): CodedError =>
  new CodedError(
    'INVALID_CONFIG',
    `${path}: ${name} cannot be decrypted (${error instanceof Error ? error.message : String(error)})`,
  );

/**
 * secrets.json itself: one JSON object of sealed strings, written atomically with mode 0600. A file
 * that cannot be read is INVALID_CONFIG naming it, never silently empty (that would forget every secret).
 */
export class SecretsFile {
  constructor(readonly path: string) {}

  read(): Record<string, string> {
    if (!existsSync(this.path)) return {};
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as unknown;
      if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error('not an object');
      for (const [name, value] of Object.entries(parsed)) {
        if (typeof value !== 'string') throw new Error(`${name} is not a string`);
      }
      return parsed as Record<string, string>;
    } catch (error) {
      throw new CodedError('INVALID_CONFIG', `${this.path}: unreadable secrets file (${(error as Error).message})`);
    }
  }

  write(all: Record<string, string>): void {
    mkdirSync(dirname(this.path), { recursive: true });
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(all, null, 2), { mode: 0o600 });
    chmodSync(partial, 0o600);
    renameSync(partial, this.path);
  }
}

/**
 * Secrets sealed one by one into secrets.json, each "<cipher id>:<base64>". A value that cannot be
 * opened is INVALID_CONFIG, naming the file.
 *
 * `others` are ciphers this store can still open but no longer writes with; a value one of them
 * opens is resealed with `cipher` at once.
 */
export class FileSecretStore implements SecretStore {
  private readonly file: SecretsFile;

  constructor(
    path: string,
    private readonly cipher: SecretCipher,
    private readonly others: readonly SecretCipher[] = [],
  ) {
    this.file = new SecretsFile(path);
  }

  get(name: SecretName): string | undefined {
    const stored = this.file.read()[name];
    if (stored === undefined) return undefined;
    const { id, body } = parseSealed(stored);
    const cipher = [this.cipher, ...this.others].find((c) => c.id === id);
    if (!cipher) throw foreignCipherError(this.file.path, name, id);
    let plain: string;
    try {
      plain = cipher.open(body);
    } catch (error) {
      throw undecryptableError(this.file.path, name, error);
    }
    if (cipher !== this.cipher) this.set(name, plain);
    return plain;
  }

  set(name: SecretName, value: string): void {
    this.file.write({ ...this.file.read(), [name]: formatSealed(this.cipher.id, this.cipher.seal(value)) });
  }

  delete(name: SecretName): void {
    const all = this.file.read();
    delete all[name];
    this.file.write(all);
  }
}
