import { createHash } from 'node:crypto';
import type { SecretStore } from '../secrets/secret-store';
import type { Token, TokenStore } from './token-cache';

/**
 * The bearer token sealed in the secret store (the OS keychain in the kiosk), never in a file in
 * clear. It is kept with a fingerprint of the token URL and the credentials it was issued for, so a
 * token is never sent after the operator points the kiosk at another account or service, or changes
 * the secret (which must take effect, and be tested, at once).
 */
export function sealedTokenStore(
  secrets: SecretStore,
  tokenUrl: string,
  clientId: string,
  clientSecret: string,
): TokenStore {
  const issuer = createHash('sha256').update(`${tokenUrl}\n${clientId}\n${clientSecret}`).digest('base64url');
  return {
    load() {
      try {
        const stored = secrets.get('accessToken');
        if (!stored) return null;
        const parsed = JSON.parse(stored) as Partial<Token> & { issuer?: string };
        if (parsed.issuer !== issuer || typeof parsed.value !== 'string' || typeof parsed.expiresAt !== 'number') {
          return null;
        }
        return { value: parsed.value, expiresAt: parsed.expiresAt };
      } catch {
        // Unreadable (another cipher, a damaged file): a fresh token will be fetched.
        return null;
      }
    },
    save(token) {
      try {
        secrets.set('accessToken', JSON.stringify({ ...token, issuer }));
      } catch {
        // Keeping the token is an economy, not a need: a store that cannot be written costs a token later.
      }
    },
    clear() {
      try {
        secrets.delete('accessToken');
      } catch {
        // As above.
      }
    },
  };
}
