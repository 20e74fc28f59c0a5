import type { TestResult } from '../../common/admin-contract';
import { relaySettingsSchema, type RelaySettings } from '../../common/relay-settings';
import type { Settings } from '../../common/settings';
import { CodedError } from '../ipc/dispatcher';
import type { Logger } from '../logger';
import { createDoorRelay, type DoorRelay } from '../relay/door-relay';
import { parseSettings } from '../settings/settings-store';
import { FacekiClient } from '../verifier/faceki-client';

/**
 * The admin screen's "test connection" and "test relay": they try the values in the form, before
 * they are saved, so an operator learns that a URL or a port is wrong while still at the screen.
 */

const elapsed = (start: number) => Math.round(performance.now() - start);

/** Validates the form's verifier section within the current settings, then asks the token endpoint for a token. */
export async function testConnection(
  current: Settings,
  candidate: Record<string, unknown>,
  clientSecret: string,
  fetchImpl?: typeof fetch,
): Promise<TestResult> {
  const start = performance.now();
  let verifier: Settings['verifier'];
  try {
    verifier = parseSettings({ ...current, verifier: candidate }, 'verifier settings').verifier;
    if (!verifier.clientId) throw new CodedError('INVALID_CONFIG', 'verifier settings: clientId is empty');
    if (!clientSecret) throw new CodedError('INVALID_CONFIG', 'no client secret is stored: enter it first');
    const client = new FacekiClient({ ...verifier, clientSecret, ...(fetchImpl && { fetch: fetchImpl }) });
    const result = await client.checkToken();
    if (result.ok) {
      return { ok: true, code: 'OK', detail: `token obtained from ${verifier.tokenUrl}`, ms: elapsed(start) };
    }
    return { ok: false, code: result.code, detail: result.message, ms: elapsed(start) };
  } catch (error) {
    if (error instanceof CodedError) return { ok: false, code: error.code, detail: error.message, ms: elapsed(start) };
    throw error;
  }
}

export function parseRelayCandidate(candidate: Record<string, unknown>): RelaySettings {
  const parsed = relaySettingsSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `relay.${i.path.join('.')}: ${i.message}`).join('; ');
  throw new CodedError('INVALID_CONFIG', problems);
}

/**
 * Opens the relay described by the form, pulses it once for its openMs (the door really opens:
 * that is the test) and closes it again. The caller frees the port first if the kiosk holds it.
 */
export async function testRelay(
  relay: RelaySettings,
  log: Logger,
  create: (settings: RelaySettings) => DoorRelay = (settings) => createDoorRelay(settings, { log }),
): Promise<TestResult> {
  const start = performance.now();
  if (!relay.port) {
    return { ok: false, code: 'RELAY_UNAVAILABLE', detail: 'no relay port is set', ms: elapsed(start) };
  }
  const door = create(relay);
  try {
    await door.start();
    const health = door.health();
    if (!health.connected) return { ok: false, code: 'RELAY_UNAVAILABLE', detail: health.detail, ms: elapsed(start) };
    await door.pulse(relay.openMs);
    await door.settle();
    return {
      ok: true,
      code: 'OK',
      detail: `${health.detail}: opened for ${relay.openMs} ms and closed again`,
      ms: elapsed(start),
    };
  } catch (error) {
    const code = error instanceof CodedError ? error.code : 'RELAY_UNAVAILABLE';
    return { ok: false, code, detail: (error as Error).message, ms: elapsed(start) };
  } finally {
    await door.close();
  }
}
