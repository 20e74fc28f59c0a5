import { CodedError } from '../ipc/dispatcher';
import type { ShellLogger } from '../shell/shell-deps';
import {
  foreignCipherError,
  formatSealed,
  isSecretName,
  parseSealed,
  SecretsFile,
  undecryptableError,
  type SecretCipher,
  type SecretName,
  type SecretStore,
} from './secret-store';

/**
 * The OS keychain as Electron 45 offers it without deprecated calls: safeStorage's
 * encryptStringAsync / decryptStringAsync. Asynchronous, while every caller of a SecretStore (the
 * PIN lock, the token cache, the image vault) is synchronous.
 */
export interface AsyncSecretCipher {
  readonly id: string;
  seal(plain: string): Promise<Buffer>;
  /** `reseal`: the keychain asks for the value to be sealed again (its key was rotated). */
  open(sealed: Buffer): Promise<{ plain: string; reseal: boolean }>;
}

type Known = { stored: string; plain: string } | { stored: string; error: CodedError };

/**
 * The kiosk's secrets in secrets.json, sealed by the OS keychain, behind the synchronous SecretStore.
 *
 * - open() decrypts every stored value once (that is the asynchronous part) and remembers it with
 *   the exact sealed string it came from; get() answers from that while the file still holds it.
 * - What the CLI provisioned (`facegate secret`, `admin set-pin`: sealed by the key file) opens
 *   synchronously, is answered at once and re-sealed with the keychain in the background: adopted.
 *   So is a value the CLI writes while the kiosk runs.
 * - set() writes the value sealed by the key file before it returns, so it is on disk the moment the
 *   caller goes on (a new admin PIN, the client secret), and then adopts it like the above. The key
 *   file therefore stays: see kiosk-secrets.ts for why it is never deleted.
 * - A re-seal writes only if the file still holds what it started from: a newer set(), a delete or
 *   the CLI's write meanwhile wins. A re-seal that fails is logged; the key-file copy still opens.
 */
export class KeychainSecretStore implements SecretStore {
  private readonly file: SecretsFile;
  private readonly known = new Map<SecretName, Known>();
  private adopting: Promise<void> = Promise.resolve();

  private constructor(
    path: string,
    private readonly keychain: AsyncSecretCipher,
    private readonly keyFile: SecretCipher,
    private readonly log: ShellLogger,
  ) {
    this.file = new SecretsFile(path);
  }

  /**
   * Reads and opens secrets.json; resolves once every key-file value found has been adopted. An
   * unreadable file rejects (INVALID_CONFIG); a single value that cannot be opened does not: get()
   * of that name throws, as FileSecretStore's would, and callers already treat that case.
   */
  static async open(
    path: string,
    keychain: AsyncSecretCipher,
    keyFile: SecretCipher,
    log: ShellLogger,
  ): Promise<KeychainSecretStore> {
    const store = new KeychainSecretStore(path, keychain, keyFile, log);
    for (const [name, stored] of Object.entries(store.file.read())) {
      // A name this version does not know is left as it is, for the version that wrote it.
      if (isSecretName(name)) await store.learn(name, stored);
    }
    await store.settled();
    return store;
  }

  get(name: SecretName): string | undefined {
    const stored = this.file.read()[name];
    if (stored === undefined) return undefined;
    const known = this.known.get(name);
    if (known?.stored === stored) {
      if ('error' in known) throw known.error;
      return known.plain;
    }
    // Written by someone else since open(): the CLI seals with the key file, which opens at once.
    const { id, body } = parseSealed(stored);
    if (id !== this.keyFile.id) {
      throw new CodedError(
        'INVALID_CONFIG',
        `${this.file.path}: ${name} changed on disk while the kiosk was running and is sealed by "${id}": ` +
          'restart the kiosk to open it',
      );
    }
    let plain: string;
    try {
      plain = this.keyFile.open(body);
    } catch (error) {
      throw undecryptableError(this.file.path, name, error);
    }
    this.known.set(name, { stored, plain });
    this.adopt(name, stored, plain);
    return plain;
  }

  set(name: SecretName, value: string): void {
    const stored = formatSealed(this.keyFile.id, this.keyFile.seal(value));
    this.file.write({ ...this.file.read(), [name]: stored });
    this.known.set(name, { stored, plain: value });
    this.adopt(name, stored, value);
  }

  delete(name: SecretName): void {
    const all = this.file.read();
    delete all[name];
    this.file.write(all);
    this.known.delete(name);
  }

  /** Resolves once every re-seal asked for so far is written (or failed and was logged). */
  settled(): Promise<void> {
    return this.adopting;
  }

  private async learn(name: SecretName, stored: string): Promise<void> {
    const { id, body } = parseSealed(stored);
    try {
      if (id === this.keychain.id) {
        const { plain, reseal } = await this.keychain.open(body);
        this.known.set(name, { stored, plain });
        if (reseal) this.adopt(name, stored, plain);
      } else if (id === this.keyFile.id) {
        const plain = this.keyFile.open(body);
        this.known.set(name, { stored, plain });
        this.adopt(name, stored, plain);
      } else {
        this.known.set(name, { stored, error: foreignCipherError(this.file.path, name, id) });
      }
    } catch (error) {
      this.known.set(name, { stored, error: undecryptableError(this.file.path, name, error) });
    }
  }

  /** Queues sealing `plain` with the keychain in place of `from`; one at a time, in order. */
  private adopt(name: SecretName, from: string, plain: string): void {
    this.adopting = this.adopting.then(async () => {
      try {
        const sealed = await this.keychain.seal(plain);
        // Read again after the await: only this synchronous stretch may decide and write.
        const all = this.file.read();
        if (all[name] !== from) return;
        const stored = formatSealed(this.keychain.id, sealed);
        this.file.write({ ...all, [name]: stored });
        this.known.set(name, { stored, plain });
      } catch (error) {
        // The field is `name`, not `secret`: the logger censors a key called secret.
        this.log.warn({ err: error, name }, 'could not seal a secret with the OS keychain; the key-file copy stays');
      }
    });
  }
}
