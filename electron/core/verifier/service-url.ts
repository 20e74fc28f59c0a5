import { CodedError } from '../ipc/dispatcher';

const LOOPBACK_HOSTS = new Set(['localhost', '[::1]']);

function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * Biometrics and the client secret travel only over TLS. Plain http is allowed to a loopback
 * address alone, for a local test service; anything else is INVALID_CONFIG before any request.
 */
export function checkServiceUrl(name: string, value: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new CodedError('INVALID_CONFIG', `${name} is not a URL: ${JSON.stringify(value)}`);
  }
  if (url.protocol === 'https:') return url;
  if (url.protocol === 'http:' && isLoopback(url.hostname)) return url;
  throw new CodedError('INVALID_CONFIG', `${name} must be https (http only to a loopback address): ${value}`);
}
