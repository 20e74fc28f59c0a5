import type { SecretName, SecretStore } from '../../core/secrets/secret-store';
import type { Check } from './doctor';

// `facegate doctor`'s secrets check, and the store's words it goes by.

/** Every secret the store may hold: a type error here when one is added, so the check never skips one. */
const SECRET_NAMES = Object.keys({
  adminPinHash: true,
  clientSecret: true,
  imageKey: true,
  accessToken: true,
  galleryKey: true,
} satisfies Record<SecretName, true>) as SecretName[];

/** The store's words for a value sealed by a cipher this program does not have (the kiosk's OS keychain). */
export const FOREIGN = /which this program cannot open/;
const UNREADABLE_FILE = /unreadable secrets file/;

const SET_AGAIN = 'set them again: facegate secret set clientSecret, facegate admin set-pin';

/**
 * Opens every sealed value through the store, as the kiosk and the commands will. A value the kiosk
 * sealed with the OS keychain cannot be opened here, and is no failure: the kiosk opens it.
 */
export function secretsCheck(secrets: SecretStore): Omit<Check, 'name'> {
  const opened: string[] = [];
  const foreign: string[] = [];
  const broken: string[] = [];
  let reason = '';
  for (const name of SECRET_NAMES) {
    try {
      if (secrets.get(name) !== undefined) opened.push(name);
    } catch (error) {
      const message = (error as Error).message;
      if (UNREADABLE_FILE.test(message)) {
        return {
          ok: false,
          detail: `INVALID_CONFIG: ${message}`,
          hint: `secrets.json is damaged: move it aside, then ${SET_AGAIN}`,
        };
      }
      if (FOREIGN.test(message)) foreign.push(name);
      else {
        broken.push(name);
        reason ||= message;
      }
    }
  }
  if (broken.length > 0) {
    return {
      ok: false,
      detail: `${broken.join(', ')} cannot be decrypted (${reason})`,
      hint: `secrets.key is not the key secrets.json was sealed with (replaced, lost, or restored apart from it): put the matching secrets.key back, or ${SET_AGAIN}`,
    };
  }
  const parts = [opened.length > 0 ? `${opened.join(', ')} open` : 'nothing sealed yet'];
  if (foreign.length > 0) parts.push(`${foreign.join(', ')} sealed by the kiosk's OS keychain (the kiosk opens them)`);
  return { ok: true, detail: parts.join('; ') };
}
