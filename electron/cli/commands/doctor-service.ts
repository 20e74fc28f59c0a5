import type { Settings } from '../../common/settings';
import { checkServiceUrl } from '../../core/verifier/service-url';
import type { Check } from './doctor';

// `facegate doctor`'s service check: is verifyUrl a verify endpoint, without verifying anything.

export async function serviceCheck(settings: Settings): Promise<Omit<Check, 'name'>> {
  const url = settings.verifier.verifyUrl;
  try {
    // The same rule as the verifier: a URL it would refuse is never contacted, not even by a GET.
    checkServiceUrl('verifyUrl', url);
  } catch (error) {
    return {
      ok: false,
      detail: `INVALID_CONFIG: ${(error as Error).message}`,
      hint: 'verifyUrl must be https (http only to a loopback address)',
    };
  }
  let response: Response;
  try {
    // A POST with no credentials and no image: the verify endpoint refuses it (401, or 400 for the
    // missing image) without verifying anything, so it is never billed; a wrong path answers 404.
    // A GET would not tell them apart: many servers answer 404 to a GET on a POST-only route.
    response = await fetch(url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(settings.verifier.timeoutMs),
    });
    await response.body?.cancel();
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).name;
    return { ok: false, detail: `${url} unreachable (${cause})`, hint: 'check the network, DNS and verifyUrl' };
  }
  return serviceAnswer(url, response);
}

/** What the verify endpoint's answer to that empty, unauthenticated POST says about verifyUrl. */
function serviceAnswer(url: string, response: Response): Omit<Check, 'name'> {
  const status = response.status;
  const answered = `${url} answered HTTP ${status}`;
  if ([400, 401, 403, 411, 415, 422].includes(status)) {
    return { ok: true, detail: `${answered} to a request without credentials: the endpoint is there` };
  }
  if (status >= 300 && status < 400) {
    const target = response.headers.get('location') ?? 'an unnamed address';
    return {
      ok: false,
      detail: `${answered}, redirecting to ${target}`,
      hint: 'the verifier does not follow redirects: set verifyUrl to the final https address',
    };
  }
  if (status === 404 || status === 410) {
    return { ok: false, detail: `${answered}: no such endpoint`, hint: 'check the path of verifyUrl (e.g. /verify)' };
  }
  if (status >= 500) {
    return {
      ok: false,
      detail: `${answered}: the service is failing`,
      hint: 'try again later; if it lasts, check verifyUrl with the provider',
    };
  }
  return {
    ok: false,
    detail: `${answered}: not what a verify endpoint answers to a request without credentials`,
    hint: 'is verifyUrl the verify endpoint (POST, Bearer token, a photo)?',
  };
}
