import { app, safeStorage } from 'electron';
import { openKioskSecrets } from '../core/secrets/kiosk-secrets';
import type { SecretStore } from '../core/secrets/secret-store';
import type { ShellLogger } from '../core/shell/shell-deps';

/**
 * The kiosk's secrets, sealed by the OS keychain through safeStorage (DPAPI, Keychain, libsecret /
 * kwallet) where there is one that protects anything, by the CLI's key file otherwise. The choice
 * and the adoption of what the CLI provisioned live in core/secrets/kiosk-secrets.ts.
 */
export async function openSafeStorageSecretStore(dataDir: string, log: ShellLogger): Promise<SecretStore> {
  // safeStorage says "not available" until ready on Linux and Windows (electron.d.ts): asked any
  // earlier, every start would fall back to the key file.
  await app.whenReady();
  const { store } = await openKioskSecrets({ dataDir, safeStorage, platform: process.platform, log });
  return store;
}
