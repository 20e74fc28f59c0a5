import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacekiClient, type FacekiOptions } from '../../../../electron/core/verifier/faceki-client';
import { facekiProbe } from '../../../../electron/core/verifier/faceki-probe';
import {
  MARKED_DOWN_MESSAGE,
  ResilientVerifier,
  type ResilientVerifierOptions,
  type ServiceStatus,
} from '../../../../electron/core/verifier/resilient-verifier';
import type { RetryPolicyInput } from '../../../../electron/common/retry-policy';
import type { Verifier, VerifyOutcome } from '../../../../electron/core/verifier/verifier';
import {
  clientOptionsFor,
  faceError,
  grantFor,
  noMatch,
  startFakeFaceki,
  type FakeFaceki,
} from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';
import { closedPort } from '../../../support/net';

// The circuit breaker over the real FacekiClient and the fake service on real HTTP: "down" is a real
// 5xx, a refused connection or a timeout; the retry loop itself is covered in resilient-verifier.test.ts.
const obama = readFixture('obama-1.jpg');
const serverError = { status: 503, body: { message: 'engine restarting' } };

let fake: FakeFaceki;
const verifiers: ResilientVerifier[] = [];
beforeEach(async () => {
  fake = await startFakeFaceki();
});
afterEach(async () => {
  for (const v of verifiers.splice(0)) v.close();
  await fake.close();
});

const clientAt = (origin: string, over: Partial<FacekiOptions> = {}) =>
  new FacekiClient(
    clientOptionsFor(fake, { verifyUrl: `${origin}/verify`, tokenUrl: `${origin}/auth/api/access-token`, ...over }),
  );

// Tiny waits and intervals keep the suite fast; tests lower the threshold where one failure is enough.
const breakerPolicy: RetryPolicyInput = {
  maxAttempts: 2,
  baseDelayMs: 1,
  maxDelayMs: 5,
  breakerThreshold: 3,
  breakerCooldownMs: 100,
  probeIntervalMs: 50,
};

function resilient(options: Partial<ResilientVerifierOptions> & { policy?: RetryPolicyInput }) {
  const v = new ResilientVerifier({
    inner: clientAt(fake.origin),
    ...options,
    policy: options.policy ?? breakerPolicy,
  });
  verifiers.push(v);
  return v;
}

/** Polls a condition with a bounded number of rounds, instead of a sleep that assumes a fast box. */
async function waitFor(condition: () => boolean, what: string, rounds = 500): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/** An inner verifier on a fake clock: each try costs tryMs and answers from the script. */
function scripted(clock: { t: number }, tryMs: number, answer: () => VerifyOutcome): Verifier & { calls: number } {
  const v = {
    calls: 0,
    async verify() {
      v.calls += 1;
      clock.t += tryMs;
      return answer();
    },
  };
  return v;
}

describe('ResilientVerifier circuit breaker', () => {
  it('opens after breakerThreshold failed verifies, then answers offline without a request', async () => {
    fake.setVerifyResponder(() => serverError);
    const statuses: ServiceStatus[] = [];
    const verifier = resilient({
      policy: { ...breakerPolicy, breakerCooldownMs: 60_000 },
      onStatus: (s) => statuses.push(s),
      probe: async () => false,
    });
    for (let i = 0; i < 3; i++) {
      expect(await verifier.verify(obama, 'image/jpeg')).toMatchObject({ code: 'SERVER_ERROR' });
    }
    expect(fake.verifyRequests).toHaveLength(6);
    expect(verifier.online).toBe(false);
    expect(statuses.map((s) => s.online)).toEqual([false]);
    expect(Number.isNaN(Date.parse(statuses[0]!.checkedAt))).toBe(false);

    expect(await verifier.verify(obama, 'image/jpeg')).toEqual({ kind: 'offline', message: MARKED_DOWN_MESSAGE });
    expect(fake.verifyRequests).toHaveLength(6);
  });

  it('counts any answer from the service (a face code, a verdict) as healthy', async () => {
    // Two down verifies (two tries each), a face code, two more down: five failures in all, but never
    // three in a row, so the circuit stays closed.
    const down = [serverError, serverError, serverError, serverError];
    const script = [...down, faceError(8006), ...down];
    fake.setVerifyResponder(() => script.shift() ?? noMatch());
    const statuses: ServiceStatus[] = [];
    const verifier = resilient({ policy: breakerPolicy, onStatus: (s) => statuses.push(s) });
    const kinds: string[] = [];
    for (let i = 0; i < 6; i++) {
      const outcome = await verifier.verify(obama, 'image/jpeg');
      kinds.push(outcome.kind === 'error' ? outcome.code : outcome.kind);
    }
    expect(kinds).toEqual([
      'SERVER_ERROR',
      'SERVER_ERROR',
      'FACE_NOT_FOUND',
      'SERVER_ERROR',
      'SERVER_ERROR',
      'no-match',
    ]);
    expect(fake.verifyRequests).toHaveLength(10);
    expect(verifier.online).toBe(true);
    expect(statuses).toEqual([]);
  });

  it('counts timeouts toward opening the circuit (a service that drops packets only times out)', async () => {
    fake.setVerifyResponder(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      return noMatch();
    });
    const inner = clientAt(fake.origin, { timeoutMs: 100 });
    const verifier = resilient({ inner, policy: { ...breakerPolicy, breakerThreshold: 2 }, probe: async () => false });
    await verifier.verify(obama, 'image/jpeg');
    await verifier.verify(obama, 'image/jpeg');
    expect(verifier.online).toBe(false);
    expect(await verifier.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'offline' });
    expect(fake.verifyRequests).toHaveLength(2);
  });

  it('probes in the background and closes the circuit when the service is back', async () => {
    // The service is down (nothing listens on its port), then comes back on that same port.
    const port = await closedPort();
    const origin = `http://127.0.0.1:${port}`;
    const tokenProbe = facekiProbe({
      tokenUrl: `${origin}/auth/api/access-token`,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      timeoutMs: 1_000,
    });
    let probes = 0;
    const statuses: ServiceStatus[] = [];
    const verifier = resilient({
      inner: clientAt(origin),
      policy: { ...breakerPolicy, breakerThreshold: 1 },
      onStatus: (s) => statuses.push(s),
      probe: () => (probes++, tokenProbe()),
    });
    expect((await verifier.verify(obama, 'image/jpeg')).kind).toBe('offline');
    expect(statuses.map((s) => s.online)).toEqual([false]);
    await waitFor(() => probes >= 2, 'two failed probes');
    expect(verifier.online).toBe(false);

    const back = await startFakeFaceki({ port, clientId: fake.clientId, clientSecret: fake.clientSecret });
    try {
      back.setVerifyResponder(() => grantFor({ userId: 'u-7' }));
      await waitFor(() => verifier.online, 'the circuit to close');
      expect(statuses.map((s) => s.online)).toEqual([false, true]);
      expect(await verifier.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'match', user: { userId: 'u-7' } });
      expect(back.verifyRequests).toHaveLength(1);
    } finally {
      await back.close();
    }
  });

  it('treats a throwing probe or a down outcome as still down, and an answer as healthy', async () => {
    fake.setVerifyResponder(() => serverError);
    const answers: Array<() => VerifyOutcome | boolean> = [
      () => {
        throw new Error('probe bug');
      },
      () => ({ kind: 'offline', message: 'refused' }),
      () => ({ kind: 'no-match' }),
    ];
    let probes = 0;
    const verifier = resilient({
      policy: { ...breakerPolicy, breakerThreshold: 1 },
      probe: async () => answers[Math.min(probes++, answers.length - 1)]!(),
    });
    await verifier.verify(obama, 'image/jpeg');
    expect(verifier.online).toBe(false);
    await waitFor(() => verifier.online, 'the circuit to close');
    expect(probes).toBe(3);
  });

  it('close() stops the background probes, even with one in flight', async () => {
    const inner = clientAt(`http://127.0.0.1:${await closedPort()}`);
    let probes = 0;
    let release: (answer: boolean) => void = () => undefined;
    const statuses: ServiceStatus[] = [];
    const verifier = resilient({
      inner,
      policy: { ...breakerPolicy, breakerThreshold: 1 },
      onStatus: (s) => statuses.push(s),
      // The second probe hangs until released, so close() lands while it is in flight.
      probe: () => (++probes === 2 ? new Promise<boolean>((resolve) => (release = resolve)) : Promise.resolve(false)),
    });
    await verifier.verify(obama, 'image/jpeg');
    await waitFor(() => probes >= 2, 'a probe in flight');
    verifier.close();
    release(false);
    // Proving an absence needs a wait: ten probe intervals, in which an unstopped timer fires often.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(probes).toBe(2);
    expect(statuses.map((s) => s.online)).toEqual([false]);
  });

  it('without a probe, lets one real verify through after the cooldown (classic half-open)', async () => {
    let healthy = false;
    const inner = scripted({ t: 0 }, 0, () =>
      healthy ? { kind: 'no-match' } : { kind: 'offline', message: 'refused' },
    );
    const statuses: ServiceStatus[] = [];
    const verifier = resilient({
      inner,
      policy: { ...breakerPolicy, maxAttempts: 1, breakerThreshold: 1 },
      onStatus: (s) => statuses.push(s),
    });
    await verifier.verify(obama, 'image/jpeg');
    expect(inner.calls).toBe(1);
    // Within the cooldown: offline at once, the inner verifier is not asked.
    expect(await verifier.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'offline' });
    expect(inner.calls).toBe(1);

    healthy = true;
    let last: VerifyOutcome = { kind: 'offline', message: '' };
    for (let i = 0; i < 500 && last.kind === 'offline'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      last = await verifier.verify(obama, 'image/jpeg');
    }
    expect(last).toEqual({ kind: 'no-match' });
    expect(inner.calls).toBe(2);
    expect(statuses.map((s) => s.online)).toEqual([false, true]);
  });
});
