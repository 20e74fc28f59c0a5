import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { FacekiClient, type FacekiOptions } from '../../../../electron/core/verifier/faceki-client';
import {
  ResilientVerifier,
  type ResilientVerifierOptions,
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

// The inner verifier is the real FacekiClient talking HTTP to the fake service (or to a closed port),
// so "a 5xx", "refused" and "timed out" are what undici really reports, not hand-made outcomes.
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
  vi.restoreAllMocks();
});

const clientAt = (origin: string, over: Partial<FacekiOptions> = {}) =>
  new FacekiClient(
    clientOptionsFor(fake, { verifyUrl: `${origin}/verify`, tokenUrl: `${origin}/auth/api/access-token`, ...over }),
  );

// Tiny waits keep the suite fast; the deadline stays at its default unless a test is about it.
const quick: RetryPolicyInput = { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 };

function resilient(options: Partial<ResilientVerifierOptions> & { policy?: RetryPolicyInput }) {
  const v = new ResilientVerifier({ inner: clientAt(fake.origin), ...options, policy: options.policy ?? quick });
  verifiers.push(v);
  return v;
}

/** Counts calls through to the real inner verifier (for a closed port there is no server to ask). */
function counting(inner: Verifier): Verifier & { calls: number } {
  const wrapper = {
    calls: 0,
    verify(image: Uint8Array, mime: 'image/jpeg' | 'image/png') {
      wrapper.calls += 1;
      return inner.verify(image, mime);
    },
  };
  return wrapper;
}

describe('ResilientVerifier retries (real client, real HTTP)', () => {
  it('retries a 5xx and returns the success: three requests for one verify', async () => {
    let calls = 0;
    fake.setVerifyResponder(() => (++calls <= 2 ? serverError : grantFor({ userId: 'u-1', faceId: 'f-1' })));
    const outcome = await resilient({}).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'match', user: { userId: 'u-1' } });
    expect(fake.verifyRequests).toHaveLength(3);
  });

  it('never retries a 4xx face code', async () => {
    fake.setVerifyResponder(() => faceError(8008));
    const outcome = await resilient({}).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'FACE_TOO_SMALL' });
    expect(fake.verifyRequests).toHaveLength(1);
  });

  it('retries a refused connection maxAttempts times, then says offline', async () => {
    const inner = counting(clientAt(`http://127.0.0.1:${await closedPort()}`));
    const outcome = await resilient({ inner, policy: { ...quick, maxAttempts: 4 } }).verify(obama, 'image/jpeg');
    expect(outcome.kind).toBe('offline');
    expect(inner.calls).toBe(4);
  });

  it('does not retry a client timeout', async () => {
    fake.setVerifyResponder(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_000).unref());
      return noMatch();
    });
    const inner = clientAt(fake.origin, { timeoutMs: 150 });
    const outcome = await resilient({ inner }).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'TIMEOUT' });
    expect(fake.verifyRequests).toHaveLength(1);
  });

  it('starts no try that would end after the deadline', async () => {
    // Every answer takes at least 150 ms, so a 500 ms deadline has room for three tries at most,
    // however fast or slow this machine is; maxAttempts alone would allow ten.
    fake.setVerifyResponder(async () => {
      await new Promise((resolve) => setTimeout(resolve, 150));
      return serverError;
    });
    const policy = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 5, deadlineMs: 500 };
    const outcome = await resilient({ policy }).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'SERVER_ERROR' });
    expect(fake.verifyRequests.length).toBeGreaterThanOrEqual(1);
    expect(fake.verifyRequests.length).toBeLessThanOrEqual(3);
  });
});

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

describe('ResilientVerifier deadline and backoff (injected clock)', () => {
  const down: VerifyOutcome = { kind: 'error', code: 'SERVER_ERROR', message: '503' };

  function onClock(tryMs: number, policy: RetryPolicyInput) {
    const clock = { t: 1_000_000 };
    const sleeps: number[] = [];
    const inner = scripted(clock, tryMs, () => down);
    const verifier = resilient({
      inner,
      policy,
      now: () => clock.t,
      sleep: async (ms) => {
        sleeps.push(ms);
        clock.t += ms;
      },
    });
    return { clock, sleeps, inner, verifier };
  }

  it('stops before a wait plus a try would overrun the deadline, and returns the last answer', async () => {
    const { clock, sleeps, inner, verifier } = onClock(1_000, {
      maxAttempts: 10,
      baseDelayMs: 100,
      maxDelayMs: 400,
      deadlineMs: 4_500,
    });
    const start = clock.t;
    expect(await verifier.verify(obama, 'image/jpeg')).toEqual(down);
    // Three tries and two waits always fit (at most 3,800 ms); a fifth try never does.
    expect(inner.calls).toBeGreaterThanOrEqual(3);
    expect(inner.calls).toBeLessThanOrEqual(4);
    expect(sleeps).toHaveLength(inner.calls - 1);
    expect(clock.t - start).toBeLessThanOrEqual(4_500);
  });

  it('waits with exponential backoff, jittered, capped at maxDelayMs', async () => {
    // Pin the jitter so the growth is visible; the cap is checked with whatever jitter comes.
    vi.spyOn(Math, 'random').mockReturnValue(0.9);
    const growing = onClock(1, { maxAttempts: 5, baseDelayMs: 200, maxDelayMs: 60_000 });
    await growing.verifier.verify(obama, 'image/jpeg');
    expect(growing.sleeps).toHaveLength(4);
    for (let i = 1; i < growing.sleeps.length; i++) {
      expect(growing.sleeps[i]).toBeGreaterThan(growing.sleeps[i - 1]!);
    }
    vi.restoreAllMocks();
    const capped = onClock(1, { maxAttempts: 8, baseDelayMs: 200, maxDelayMs: 300 });
    await capped.verifier.verify(obama, 'image/jpeg');
    expect(capped.sleeps).toHaveLength(7);
    for (const ms of capped.sleeps) expect(ms).toBeLessThanOrEqual(300);
  });

  it('refuses a policy out of bounds as INVALID_CONFIG', () => {
    expect(() => resilient({ policy: { maxAttempts: 0 } })).toThrow(CodedError);
  });
});
