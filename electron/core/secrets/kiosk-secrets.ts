import { join } from 'node:path';
import { CodedError } from '../ipc/dispatcher';
import { systemClock, type Clock, type ShellLogger } from '../shell/shell-deps';
import { fileKeyCipher } from './file-key-cipher';
import { KeychainSecretStore, type AsyncSecretCipher } from './keychain-secret-store';
import { FileSecretStore, SecretsFile, type SecretStore } from './secret-store';

/**
 * Electron's safeStorage as the kiosk uses it: only the calls electron.d.ts (45) does not mark
 * deprecated. isEncryptionAvailable / encryptString / decryptString are; their async forms are not.
 */
export interface SafeStorageLike {
  isAsyncEncryptionAvailable(): Promise<boolean>;
  encryptStringAsync(plainText: string): Promise<Buffer>;
  decryptStringAsync(encrypted: Buffer): Promise<{ shouldReEncrypt: boolean; result: string }>;
  /** Linux only. */
  getSelectedStorageBackend?(): string;
}

export interface KioskSecretsDeps {
  dataDir: string;
  /** Must be asked after Electron's ready: before it, it answers "not available" on Linux and Windows. */
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  log: ShellLogger;
  /** How long the keychain may take to answer at all (default 30 s); then the kiosk shows TIMEOUT. */
  timeoutMs?: number;
  clock?: Clock;
}

export const KEYCHAIN_TIMEOUT_MS = 30_000;

export interface KioskSecrets {
  store: SecretStore;
  /** Which cipher seals what the kiosk writes. */
  sealedBy: 'keychain' | 'keyfile';
}

/** The keychain's cipher id in secrets.json: values the previous, synchronous safeStorage calls wrote open the same way. */
export const KEYCHAIN_ID = 'keychain';

export function safeStorageCipher(safeStorage: SafeStorageLike): AsyncSecretCipher {
  return {
    id: KEYCHAIN_ID,
    seal: (plain) => safeStorage.encryptStringAsync(plain),
    open: async (sealed) => {
      const { result, shouldReEncrypt } = await safeStorage.decryptStringAsync(sealed);
      return { plain: result, reseal: shouldReEncrypt };
    },
  };
}

/** Linux backends that keep the key in a real secret store (electron.d.ts getSelectedStorageBackend). */
const SECRET_STORE_BACKENDS = ['gnome_libsecret', 'kwallet', 'kwallet5', 'kwallet6'];

/**
 * Why the keychain would protect nothing, or null when it is the better choice. On Linux without a
 * secret service (a bare kiosk, or --password-store=basic) Chromium still "encrypts", with a key
 * compiled into every copy of Chromium: a random key in a 0600 file of our own protects more.
 * getSelectedStorageBackend() says "basic_text" then, when it knows (Electron's source fills it in
 * when its deprecated synchronous calls are first used, so it may say nothing); otherwise the
 * ciphertext answers: on Linux Chromium tags what that fixed key seals "v10", and a secret service's
 * key "v11".
 */
export async function keychainProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): Promise<string | null> {
  if (!(await safeStorage.isAsyncEncryptionAvailable())) return 'safeStorage reports no encryption available';
  if (platform !== 'linux') return null;
  const backend = safeStorage.getSelectedStorageBackend?.() ?? '';
  if (SECRET_STORE_BACKENDS.includes(backend)) return null;
  if (backend === 'basic_text') return 'the Linux password store is "basic_text": its key is the same on every machine';
  const probe = await safeStorage.encryptStringAsync('facegate keychain probe');
  return probe.subarray(0, 3).toString('latin1') === 'v10'
    ? 'no secret service: Chromium sealed with its fixed Linux key ("v10"), the same on every machine'
    : null;
}

/**
 * The kiosk's secret store, chosen after ready: the OS keychain when it protects anything, adopting
 * what the CLI sealed with the key file; otherwise the key file itself, and the log says so.
 *
 * secrets.key is never deleted, even once every value is sealed by the keychain: set() seals with it
 * first (the keychain is asynchronous, callers are not), the CLI keeps sealing with it (an installer
 * provisioning the client secret or the PIN), and deleting it while a CLI process is sealing would
 * lose that secret. Once nothing in secrets.json is sealed by it, it opens nothing there.
 *
 * Rejects, and the kiosk shows its fault page, when secrets.json cannot be read at all
 * (INVALID_CONFIG) or the keychain does not answer (TIMEOUT).
 */
export function openKioskSecrets(deps: KioskSecretsDeps): Promise<KioskSecrets> {
  // A keychain waiting on a prompt nobody at a door will answer (a locked login keyring on an
  // autologin kiosk) must end on the fault page with a reason, not on a blank screen forever.
  const ms = deps.timeoutMs ?? KEYCHAIN_TIMEOUT_MS;
  const clock = deps.clock ?? systemClock;
  return new Promise((resolve, reject) => {
    const timer = clock.setTimeout(
      () =>
        reject(
          new CodedError(
            'TIMEOUT',
            `the OS keychain (safeStorage) did not answer within ${ms / 1000} s: is the login keyring locked?`,
          ),
        ),
      ms,
    );
    openWithKeychainOrKeyFile(deps).then(
      (secrets) => {
        clock.clearTimeout(timer);
        resolve(secrets);
      },
      (error: unknown) => {
        clock.clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

async function openWithKeychainOrKeyFile(deps: KioskSecretsDeps): Promise<KioskSecrets> {
  const path = join(deps.dataDir, 'secrets.json');
  const keyFile = fileKeyCipher(join(deps.dataDir, 'secrets.key'));
  const problem = await keychainProblem(deps.safeStorage, deps.platform);
  if (problem !== null) {
    deps.log.warn(
      { reason: problem },
      'no OS keychain for safeStorage: secrets sealed with a key file in the data folder',
    );
    // Read once now, so a broken file stops the start here rather than at the first secret asked for.
    new SecretsFile(path).read();
    return { store: new FileSecretStore(path, keyFile), sealedBy: 'keyfile' };
  }
  const store = await KeychainSecretStore.open(path, safeStorageCipher(deps.safeStorage), keyFile, deps.log);
  deps.log.info(
    { backend: (deps.platform === 'linux' && deps.safeStorage.getSelectedStorageBackend?.()) || undefined },
    'secrets sealed with the OS keychain',
  );
  return { store, sealedBy: 'keychain' };
}
