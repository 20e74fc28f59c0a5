/**
 * Holds the service's bearer token until shortly before it expires, and makes concurrent callers
 * share one fetch instead of each paying for a token (FACEKI bills token generation).
 */
export interface Token {
  value: string;
  expiresAt: number;
}

/**
 * Where a token outlives the process: sealed in the secret store (sealed-token-store.ts), so a
 * kiosk that restarts (a crash, an admin save, a power cut) uses the token it paid for.
 */
export interface TokenStore {
  load(): Token | null;
  save(token: Token): void;
  clear(): void;
}

export class TokenCache {
  private token: Token | null = null;
  private pending: Promise<Token> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<Token>,
    private readonly now: () => number,
    /** Refresh this long before expiry, so a request never leaves with a token about to lapse. */
    private readonly marginMs = 60_000,
    private readonly store?: TokenStore,
  ) {
    this.token = store?.load() ?? null;
  }

  async get(): Promise<string> {
    if (this.token && this.token.expiresAt - this.marginMs > this.now()) return this.token.value;
    this.pending ??= this.fetchToken()
      .then((token) => {
        this.store?.save(token);
        return token;
      })
      .finally(() => {
        this.pending = null;
      });
    this.token = await this.pending;
    return this.token.value;
  }

  invalidate(stale: string): void {
    if (this.token?.value !== stale) return;
    this.token = null;
    this.store?.clear();
  }
}

/** Expiry from the JWT's exp claim when the token is a JWT, else from expires_in, else one hour. */
export function tokenExpiry(accessToken: string, expiresInSeconds: number | undefined, now: number): number {
  const payload = accessToken.split('.')[1];
  if (payload) {
    try {
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
      if (typeof claims.exp === 'number') return claims.exp * 1000;
    } catch {
      // not a JWT: fall through to expires_in
    }
  }
  return now + (expiresInSeconds ?? 3600) * 1000;
}
