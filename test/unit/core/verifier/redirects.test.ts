import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacekiClient } from '../../../../electron/core/verifier/faceki-client';
import { facekiProbe } from '../../../../electron/core/verifier/faceki-probe';
import { ResilientVerifier } from '../../../../electron/core/verifier/resilient-verifier';
import {
  clientOptionsFor,
  grantFor,
  startFakeFaceki,
  startRequestTrap,
  type FakeFaceki,
  type RequestTrap,
} from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';

// A redirect from the service is never followed: the next hop was never checked by the URL policy
// (https, or http to loopback only), and the client secret rides in the token GET's query while the
// face rides in the verify POST's body. The fake answers with a redirect to a second listener (the
// trap) on 127.0.0.1; whatever the kiosk does, the trap must see nothing at all.
const photo = readFixture('obama-1.jpg');

let fake: FakeFaceki;
let trap: RequestTrap;
beforeEach(async () => {
  fake = await startFakeFaceki();
  trap = await startRequestTrap();
});
afterEach(async () => {
  await trap.close();
  await fake.close();
});

const client = () => new FacekiClient(clientOptionsFor(fake, { timeoutMs: 3_000 }));

describe('redirects from the verify service', () => {
  it.each([301, 302, 303, 307, 308])(
    'refuses a %i on the token GET as INVALID_CONFIG; the secret goes nowhere',
    async (status) => {
      fake.redirect('token', trap.origin, status);
      const outcome = await client().verify(photo, 'image/jpeg');
      expect(outcome).toMatchObject({ kind: 'error', code: 'INVALID_CONFIG' });
      const message = (outcome as { message: string }).message;
      expect(message).toContain(`HTTP ${status}`);
      expect(message).toContain('redirect');
      expect(message).not.toContain(fake.clientSecret);
      expect(trap.hits).toEqual([]);
      expect(fake.verifyRequests).toEqual([]);
    },
  );

  it.each([302, 307, 308])(
    'refuses a %i on the verify POST as INVALID_CONFIG; the image goes nowhere',
    async (status) => {
      fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
      fake.redirect('verify', trap.origin, status);
      const outcome = await client().verify(photo, 'image/jpeg');
      expect(outcome).toMatchObject({ kind: 'error', code: 'INVALID_CONFIG' });
      expect((outcome as { message: string }).message).toContain(`HTTP ${status}`);
      expect(trap.hits).toEqual([]);
      expect(fake.tokenRequests).toBe(1);
    },
  );

  it('answers doctor and the admin screen (checkToken) with INVALID_CONFIG, not OFFLINE or a token', async () => {
    fake.redirect('token', trap.origin, 302);
    expect(await client().checkToken()).toMatchObject({ ok: false, code: 'INVALID_CONFIG' });
    expect(trap.hits).toEqual([]);
  });

  it('is not retried by the resilient verifier (asking again gets the same redirect)', async () => {
    fake.redirect('verify', trap.origin, 307);
    const verifier = new ResilientVerifier({
      inner: client(),
      policy: { maxAttempts: 3, baseDelayMs: 0, maxDelayMs: 0, breakerThreshold: 100 },
    });
    expect(await verifier.verify(photo, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'INVALID_CONFIG' });
    expect(fake.requestCount).toBe(2); // one token, one verify
    expect(trap.hits).toEqual([]);
  });

  it('the probe takes a redirect for "not the service" and follows it nowhere', async () => {
    fake.redirect('token', trap.origin, 302);
    const probe = facekiProbe({ ...clientOptionsFor(fake), timeoutMs: 3_000 });
    expect(await probe()).toBe(false);
    expect(fake.requestCount).toBe(1);
    expect(trap.hits).toEqual([]);
  });
});
