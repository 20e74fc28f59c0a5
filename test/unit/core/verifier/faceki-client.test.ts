import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { FacekiClient, type FacekiOptions } from '../../../../electron/core/verifier/faceki-client';
import {
  clientOptionsFor,
  ambiguous,
  faceError,
  grantFor,
  noMatch,
  startFakeFaceki,
  stringError,
  type FakeFaceki,
} from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';
import { closedPort } from '../../../support/net';

// Everything here goes over real HTTP to a fake on 127.0.0.1: undici, FormData and JSON parsing are
// the production code paths, so a mistake in how the client talks to FACEKI shows up here.
const obama = readFixture('obama-1.jpg');
const alex = readFixture('alex-lacamoire-1.png');

let fake: FakeFaceki;
beforeEach(async () => {
  fake = await startFakeFaceki();
});
afterEach(async () => {
  await fake.close();
});

const clientFor = (server: FakeFaceki, over: Partial<FacekiOptions> = {}) =>
  new FacekiClient(clientOptionsFor(server, over));

describe('FacekiClient answers', () => {
  it('maps a login success to a match with the user and confidence, sending a real multipart JPEG', async () => {
    fake.setVerifyResponder(() =>
      grantFor({
        userId: 'u-42',
        name: 'Barack Obama',
        email: 'b@example.org',
        language: 'en',
        faceId: 'f-1',
        confidence: 0.97,
      }),
    );
    const outcome = await clientFor(fake).verify(obama, 'image/jpeg');
    expect(outcome).toEqual({
      kind: 'match',
      user: { userId: 'u-42', faceId: 'f-1', name: 'Barack Obama', email: 'b@example.org', language: 'en' },
      confidence: 0.97,
    });
    expect(fake.verifyRequests).toHaveLength(1);
    const sent = fake.verifyRequests[0]!;
    expect(sent.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.$/);
    expect(sent).toMatchObject({ field: 'image', filename: 'selfie.jpg', mime: 'image/jpeg' });
    expect(Buffer.from(sent.bytes).equals(Buffer.from(obama))).toBe(true);
  });

  it('sends a PNG as image/png', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-alex' }));
    const outcome = await clientFor(fake).verify(alex, 'image/png');
    expect(outcome).toMatchObject({ kind: 'match', user: { userId: 'u-alex' } });
    expect(fake.verifyRequests[0]).toMatchObject({ filename: 'selfie.png', mime: 'image/png' });
  });

  it('maps an empty match list to no-match', async () => {
    fake.setVerifyResponder(() => noMatch());
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toEqual({ kind: 'no-match' });
  });

  it('maps several face ids to ambiguous (never a grant)', async () => {
    fake.setVerifyResponder(() => ambiguous(['f-1', 'f-2']));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toEqual({ kind: 'ambiguous', faceIds: ['f-1', 'f-2'] });
  });

  it.each([
    [8008, 'FACE_TOO_SMALL'],
    [8018, 'TOO_MANY_FACES'],
    [8006, 'FACE_NOT_FOUND'],
    [8019, 'FACE_BLUR'],
    [5003, 'QUOTA_EXHAUSTED'],
  ])('maps numeric responseCode %i to %s', async (responseCode, code) => {
    fake.setVerifyResponder(() => faceError(responseCode));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({ kind: 'error', code });
  });

  it.each([
    ['FACE_ANGLE_TOO_LARGE', 'FACE_ANGLE_TOO_LARGE'],
    ['face_close_to_border', 'FACE_CLOSE_TO_BORDER'],
    ['FACE_BLURR', 'FACE_BLUR'],
  ])('maps the older string form %s to %s', async (sent, code) => {
    fake.setVerifyResponder(() => stringError(sent));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({ kind: 'error', code });
  });

  it('keeps the raw body of a code it does not know, as UNKNOWN', async () => {
    fake.setVerifyResponder(() => faceError(4242));
    const outcome = await clientFor(fake).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'UNKNOWN' });
    expect(outcome.kind === 'error' && outcome.raw).toContain('4242');
  });

  it('treats an HTTP 200 carrying a non-zero responseCode as that error', async () => {
    fake.setVerifyResponder(() => ({ status: 200, body: { responseCode: 8005, message: 'too close' } }));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'FACE_TOO_CLOSE' });
  });

  it('maps a 5xx to SERVER_ERROR even when the body is not JSON', async () => {
    fake.setVerifyResponder(() => ({ status: 503, body: '<html>upstream down</html>' }));
    const outcome = await clientFor(fake).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'SERVER_ERROR', raw: '<html>upstream down</html>' });
  });

  it.each([
    ['an HTML page', '<html><body>Login</body></html>'],
    ['truncated JSON', '{"responseCode":0,"data":{"logedIn":true,"all_face_ids":["f-1"'],
    ['JSON of the wrong shape', { responseCode: 0, data: { logedIn: 'yes', all_face_ids: 'f-1' } }],
  ])('maps %s with status 200 to MALFORMED_RESPONSE', async (_what, body) => {
    fake.setVerifyResponder(() => ({ status: 200, body }));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({
      kind: 'error',
      code: 'MALFORMED_RESPONSE',
    });
  });

  it('maps a body cut off mid-transfer to MALFORMED_RESPONSE, not offline', async () => {
    // The fake always sends whole bodies, so a tiny server of our own promises 500 bytes and hangs up
    // after a few: the service was reachable, its answer was not usable.
    const broken = createServer((req, res) => {
      if (req.url?.startsWith('/auth'))
        return void res.end(JSON.stringify({ responseCode: 0, data: { access_token: 't' } }));
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': '500' });
        res.write('{"responseCode":0,"data":{"logedIn":true');
        setTimeout(() => res.socket?.destroy(), 20);
      });
    });
    await new Promise<void>((resolve) => broken.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(broken.address() as AddressInfo).port}`;
    try {
      const client = clientFor(fake, { tokenUrl: `${url}/auth`, verifyUrl: `${url}/verify` });
      expect(await client.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'MALFORMED_RESPONSE' });
    } finally {
      broken.closeAllConnections();
      await new Promise((resolve) => broken.close(resolve));
    }
  });

  it('does not grant a login success that names no user', async () => {
    fake.setVerifyResponder(() => ({
      status: 200,
      body: { responseCode: 0, data: { logedIn: true, all_face_ids: ['f-1'] } },
    }));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({
      kind: 'error',
      code: 'MALFORMED_RESPONSE',
    });
  });
});

describe('FacekiClient tokens', () => {
  it('reuses one token across sequential calls', async () => {
    const client = clientFor(fake);
    for (let i = 0; i < 3; i++) await client.verify(obama, 'image/jpeg');
    expect(fake.verifyRequests).toHaveLength(3);
    expect(fake.tokenRequests).toBe(1);
    expect(new Set(fake.verifyRequests.map((r) => r.authorization)).size).toBe(1);
  });

  it('shares one token fetch between concurrent calls (token generation is billed)', async () => {
    const client = clientFor(fake);
    const outcomes = await Promise.all(Array.from({ length: 5 }, () => client.verify(obama, 'image/jpeg')));
    expect(outcomes.every((o) => o.kind === 'no-match')).toBe(true);
    expect(fake.verifyRequests).toHaveLength(5);
    expect(fake.tokenRequests).toBe(1);
  });

  it('fetches a fresh token once and retries when the service refuses the cached one', async () => {
    fake.setVerifyResponder(() => grantFor({ userId: 'u-1' }));
    const client = clientFor(fake);
    await client.verify(obama, 'image/jpeg');
    fake.revokeTokens();
    expect(await client.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'match', user: { userId: 'u-1' } });
    expect(fake.tokenRequests).toBe(2);
  });

  it('gives up with AUTH_FAILED when a fresh token is refused too (no retry loop)', async () => {
    fake.setVerifyResponder(() => ({ status: 401, body: { responseCode: 401, message: 'Unauthorized' } }));
    expect(await clientFor(fake).verify(obama, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'AUTH_FAILED' });
    expect(fake.tokenRequests).toBe(2);
    expect(fake.verifyRequests).toHaveLength(2);
  });

  it('answers AUTH_FAILED for wrong credentials without posting the image', async () => {
    const outcome = await clientFor(fake, { clientSecret: 'wrong' }).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'AUTH_FAILED' });
    expect(fake.tokenRequests).toBe(0);
    expect(fake.verifyRequests).toHaveLength(0);
  });

  it('does not reuse a token that expires within the safety margin', async () => {
    // 30 s of life is inside the cache's 60 s margin: every call must fetch, or a request could leave
    // with a token that lapses on the way.
    const shortLived = await startFakeFaceki({ tokenTtlSeconds: 30 });
    try {
      const client = clientFor(shortLived);
      await client.verify(obama, 'image/jpeg');
      await client.verify(obama, 'image/jpeg');
      expect(shortLived.tokenRequests).toBe(2);
    } finally {
      await shortLived.close();
    }
  });
});

describe('FacekiClient transport and configuration', () => {
  it('reports a refused connection as offline', async () => {
    const url = `http://127.0.0.1:${await closedPort()}`;
    const client = clientFor(fake, { tokenUrl: `${url}/auth/api/access-token`, verifyUrl: `${url}/verify` });
    expect(await client.verify(obama, 'image/jpeg')).toMatchObject({
      kind: 'offline',
      message: expect.stringContaining('ECONNREFUSED'),
    });
  });

  it('reports offline when only the verify endpoint is unreachable', async () => {
    const client = clientFor(fake, { verifyUrl: `http://127.0.0.1:${await closedPort()}/verify` });
    expect(await client.verify(obama, 'image/jpeg')).toMatchObject({ kind: 'offline' });
    expect(fake.tokenRequests).toBe(1);
  });

  it('answers TIMEOUT when the service is slower than timeoutMs', async () => {
    fake.setVerifyResponder(async () => {
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      return grantFor({ userId: 'too-late' });
    });
    const started = performance.now();
    const outcome = await clientFor(fake, { timeoutMs: 300 }).verify(obama, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'error', code: 'TIMEOUT' });
    expect(performance.now() - started).toBeLessThan(1_400);
  });

  it.each([
    ['bytes that are no image', new TextEncoder().encode('not an image at all'), 'image/jpeg' as const],
    ['a PNG declared as JPEG', alex, 'image/jpeg' as const],
    ['no bytes', new Uint8Array(0), 'image/png' as const],
  ])('refuses %s with FAILED_TO_READ_IMAGE before any request', async (_what, bytes, mime) => {
    expect(await clientFor(fake).verify(bytes, mime)).toMatchObject({ kind: 'error', code: 'FAILED_TO_READ_IMAGE' });
    expect(fake.tokenRequests).toBe(0);
    expect(fake.verifyRequests).toHaveLength(0);
  });

  it.each([
    ['verifyUrl', { verifyUrl: 'http://example.com/verify' }],
    ['tokenUrl', { tokenUrl: 'http://sdk.faceki.com/auth/api/access-token' }],
    ['verifyUrl', { verifyUrl: 'not a url' }],
    ['clientId', { clientId: '' }],
  ])('refuses a bad %s with INVALID_CONFIG at construction', (name, over) => {
    let thrown: unknown;
    try {
      clientFor(fake, over);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(CodedError);
    expect(thrown).toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining(name) });
  });

  it('sends the image in the configured multipart field', async () => {
    const cloud = await startFakeFaceki({ imageField: 'selfie_image' });
    try {
      cloud.setVerifyResponder(() => grantFor({ userId: 'u-cloud' }));
      const right = await clientFor(cloud, { imageField: 'selfie_image' }).verify(obama, 'image/jpeg');
      expect(right).toMatchObject({ kind: 'match', user: { userId: 'u-cloud' } });
      // The default field name against a service that wants another: the service cannot find an image.
      const wrong = await clientFor(cloud).verify(obama, 'image/jpeg');
      expect(wrong).toMatchObject({ kind: 'error', code: 'FAILED_TO_READ_IMAGE' });
      expect(cloud.verifyRequests.map((r) => r.field)).toEqual(['selfie_image', 'image']);
    } finally {
      await cloud.close();
    }
  });
});
