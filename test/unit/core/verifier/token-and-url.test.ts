import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FacekiClient } from '../../../../electron/core/verifier/faceki-client';
import { checkServiceUrl } from '../../../../electron/core/verifier/service-url';
import { tokenExpiry } from '../../../../electron/core/verifier/token-cache';
import { clientOptionsFor, faceError, grantFor, startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';

const obama = readFixture('obama-2.jpg');
let fake: FakeFaceki;
beforeEach(async () => {
  fake = await startFakeFaceki({ tokenTtlSeconds: 120 });
});
afterEach(async () => {
  await fake.close();
});

function client(now: () => number) {
  return new FacekiClient(clientOptionsFor(fake, { timeoutMs: 3_000, now }));
}

describe('token lifetime', () => {
  it('reuses a token until shortly before its exp, then fetches a new one', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u1' }));
    let now = Date.now();
    const c = client(() => now);
    await c.verify(obama, 'image/jpeg');
    now += 30_000; // 90 s of life left: beyond the 60 s margin, reused
    await c.verify(obama, 'image/jpeg');
    expect(fake.tokenRequests).toBe(1);
    now += 40_000; // 50 s left: inside the margin, refreshed before it can lapse on the way
    await c.verify(obama, 'image/jpeg');
    expect(fake.tokenRequests).toBe(2);
  });

  it('reads exp from a JWT, else expires_in, else one hour', () => {
    const jwt = (claims: object) =>
      `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}.`;
    expect(tokenExpiry(jwt({ exp: 2_000_000_000 }), 60, 0)).toBe(2_000_000_000_000);
    expect(tokenExpiry('opaque-token', 300, 1_000)).toBe(301_000);
    expect(tokenExpiry(jwt({ sub: 'x' }), undefined, 1_000)).toBe(3_601_000);
    expect(tokenExpiry('not.a-json.jwt', 10, 0)).toBe(10_000);
  });

  it('maps the quota code 8017 to QUOTA_EXHAUSTED, an error for the operator, not a denial', async () => {
    fake.setVerifyResponder(() => faceError(8017, 403));
    expect(await client(Date.now).verify(obama, 'image/jpeg')).toMatchObject({
      kind: 'error',
      code: 'QUOTA_EXHAUSTED',
    });
  });
});

describe('service URLs', () => {
  it.each([
    'https://sdkbio.faceki.com/verify',
    'http://127.0.0.1:8080/verify',
    'http://127.9.9.9/verify',
    'http://localhost:3000/verify',
    'http://[::1]:3000/verify',
  ])('accepts %s', (url) => {
    expect(checkServiceUrl('verifyUrl', url).href).toBe(new URL(url).href);
  });

  it.each([
    'http://sdkbio.faceki.com/verify',
    'http://10.0.0.5/verify',
    'http://192.168.1.2/verify',
    'http://127.0.0.1.example.com/verify',
    'ftp://127.0.0.1/verify',
    'file:///etc/passwd',
    'not a url',
    '',
  ])('refuses %s as INVALID_CONFIG', (url) => {
    expect(() => checkServiceUrl('verifyUrl', url)).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});

describe('user:password in a service URL', () => {
  it.each([
    ['verifyUrl', 'https://kiosk:pw-5d20c1@sdkbio.faceki.com/verify'],
    ['tokenUrl', 'http://kiosk:pw-5d20c1@127.0.0.1:9/auth/api/access-token'],
    ['verifyUrl', 'http://kiosk:pw-5d20c1@10.0.0.5/verify'],
    ['tokenUrl', 'https://only-a-user@sdk.faceki.com/auth/api/access-token'],
  ])('refuses %s %s as INVALID_CONFIG without printing the credentials', (name, url) => {
    let error: unknown;
    try {
      checkServiceUrl(name, url);
    } catch (caught) {
      error = caught;
    }
    expect(error).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining(name) });
    expect((error as Error).message).not.toMatch(/pw-5d20c1|kiosk:|only-a-user/);
  });

  it('a token URL with credentials is INVALID_CONFIG before any request, never OFFLINE', async () => {
    const tokenUrl = fake.tokenUrl.replace('http://', 'http://kiosk:pw-5d20c1@');
    expect(() => new FacekiClient(clientOptionsFor(fake, { tokenUrl }))).toThrow(
      expect.objectContaining({ code: 'INVALID_CONFIG' }),
    );
    expect(fake.requestCount).toBe(0);
  });
});
