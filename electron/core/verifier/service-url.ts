import { CodedError } from '../ipc/dispatcher';
import { redactUrlCredentials } from '../logger';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A URL as it may be shown to an operator or written to a log: scheme, host and path only. The
 * user:password part and the query (where the token GET carries the client secret) never leave here.
 */
export function describeUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`;
}

/**
 * Biometrics and the client secret travel only over TLS. Plain http is allowed to a loopback
 * address alone, for a local test service; anything else is INVALID_CONFIG before any request.
 * A user:password in the URL is refused too: it would be sent nowhere useful (fetch refuses such
 * URLs, which looked like OFFLINE) and it would be printed wherever the URL is.
 */
export function checkServiceUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CodedError('INVALID_CONFIG', `${name} is not a URL: ${JSON.stringify(redactUrlCredentials(value))}`);
  }
  if (url.username || url.password) {
    throw new CodedError(
      'INVALID_CONFIG',
      `${name} must not hold a user name or password (user:password@): ${describeUrl(url)}`,
    );
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new CodedError(
    'INVALID_CONFIG',
    `${name} must be https (http only to a loopback address): ${describeUrl(url)}`,
  );
}

/**
 * What every request to the service is sent with, so fetch hands back a redirect instead of following it.
 * The next hop was never checked by checkServiceUrl (it may be plain http to anywhere), and a 307/308
 * would carry the face image there, a 30x on the token GET the query with the client secret.
 */
export const NO_REDIRECTS = { redirect: 'manual' } as const satisfies RequestInit;

/**
 * A redirect answered to a request sent with NO_REDIRECTS is INVALID_CONFIG: the configured URL is not
 * the service's own endpoint (moved, behind a proxy's http->https rule, a captive portal), and the fix
 * is to configure the final https URL. Not SERVER_ERROR or OFFLINE: retrying gets the same redirect,
 * and the circuit breaker must not take a settings fault for an outage.
 */
export async function refuseRedirect(response: Response, name: string, requested: URL): Promise<void> {
  // 'opaqueredirect' is what a browser-style fetch returns for a manual redirect; undici gives the 3xx.
  if (response.type !== 'opaqueredirect' && (response.status < 300 || response.status > 399)) return;
  await response.body?.cancel().catch(() => undefined);
  const location = response.headers.get('location');
  let target = 'elsewhere';
  if (location) {
    try {
      target = describeUrl(new URL(location, requested));
    } catch {
      target = 'an unreadable location';
    }
  }
  throw new CodedError(
    'INVALID_CONFIG',
    `${describeUrl(requested)} answered HTTP ${response.status || 'redirect'} redirecting to ${target}: ` +
      `redirects are not followed; set ${name} to the service's final https URL`,
  );
}
