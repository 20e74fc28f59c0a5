import { tokenResponseSchema } from './faceki-schema';
import { checkServiceUrl, NO_REDIRECTS } from './service-url';

export interface FacekiProbeOptions {
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  fetch?: typeof fetch;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * "Reachable" means FACEKI itself answered, in its own voice, and would answer a verify now:
 * - 2xx with a token in the body: up.
 * - 4xx with a JSON body (401/403/422: bad credentials): up too. The service is there; keeping the
 *   circuit open would hide AUTH_FAILED behind "offline", and the operator must see the real fault.
 * - 408 and 429: it answered but asks us to back off, so not ready for people at the door.
 * - 5xx, 3xx, or a body that is not FACEKI's JSON: not reachable. Redirects are not followed: a
 *   captive portal or proxy answers that way, and the client secret rides in the query string.
 * - no answer in timeoutMs, refused, DNS: not reachable.
 */
function answeredByService(status: number, text: string): boolean {
  const json = parseJson(text);
  if (status >= 200 && status < 300) return tokenResponseSchema.safeParse(json).success;
  if (status >= 400 && status < 500 && status !== 408 && status !== 429) return json !== undefined;
  return false;
}

/**
 * A probe for ResilientVerifier: asks FACEKI's token endpoint for a token. It runs only while the
 * circuit is open and stops at the first success, so at most one (billed) token is issued per outage.
 * It checks the token host, which is not always the verify host (sdk vs sdkbio): a verify engine that
 * fails while auth works is caught again by the breaker after breakerThreshold verifies. Never throws.
 * A bad tokenUrl (not https, not loopback) is INVALID_CONFIG here, before any secret is sent.
 */
export function facekiProbe(options: FacekiProbeOptions): () => Promise<boolean> {
  const tokenUrl = checkServiceUrl('tokenUrl', options.tokenUrl);
  const doFetch = options.fetch ?? globalThis.fetch;
  return async () => {
    const url = new URL(tokenUrl);
    url.searchParams.set('clientId', options.clientId);
    url.searchParams.set('clientSecret', options.clientSecret);
    try {
      // One signal for headers and body: a service that sends headers and then stalls is not up.
      const response = await doFetch(url, {
        headers: { accept: 'application/json' },
        ...NO_REDIRECTS,
        signal: AbortSignal.timeout(options.timeoutMs),
      });
      return answeredByService(response.status, await response.text());
    } catch {
      return false;
    }
  };
}
