import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FaceEmbedder } from '../../../../electron/core/face/face-embedder';
import { FacekiClient, type EnrolDetails, type FacekiOptions } from '../../../../electron/core/verifier/faceki-client';
import { clientOptionsFor, startFakeFaceki, type FakeFaceki } from '../../../fakes/faceki-server';
import { readFixture } from '../../../support/fixtures';
import { closedPort } from '../../../support/net';

// FacekiClient.enroll over real HTTP to the fake's POST /enroll (on-prem FACEKI's shape, with real
// face embeddings deciding "Already Registered"), and to servers that misbehave in the ways that matter.

let fake: FakeFaceki;
const others: Server[] = [];

beforeAll(async () => {
  await FaceEmbedder.load();
}, 60_000);
beforeEach(async () => {
  fake = await startFakeFaceki();
});
afterEach(async () => {
  await fake.close();
});
afterAll(async () => {
  for (const server of others) await new Promise((resolve) => server.close(resolve));
});

const clientFor = (over: Partial<FacekiOptions> = {}) =>
  new FacekiClient(clientOptionsFor(fake, { timeoutMs: 10_000, ...over }));
const enrol = (client: FacekiClient, name: string, details: EnrolDetails = { name: 'Barack Obama' }) =>
  client.enroll(readFixture(name), name.endsWith('.png') ? 'image/png' : 'image/jpeg', details);

/** A server on 127.0.0.1 that answers every request with `status` and these headers, keeping what it was sent. */
async function answering(status: number, headers: Record<string, string> = {}, body = '') {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    req.resume();
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(body);
  });
  others.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

describe('FacekiClient.enroll', () => {
  it('posts the image as `image` with the details and a bearer token to /enroll beside verifyUrl', async () => {
    const result = await enrol(clientFor(), 'obama-1.jpg', { name: 'Barack Obama', email: 'b@example.org' });
    expect(result).toEqual({ userId: expect.any(String), faceId: expect.any(String) });
    expect(fake.enrollRequests).toEqual([
      {
        authorization: expect.stringMatching(/^Bearer \S+/),
        fields: { userId: result.userId, name: 'Barack Obama', email: 'b@example.org' },
      },
    ]);
  });

  it('maps "Already Registered" to ALREADY_ENROLLED, and FACEKI face codes to ours', async () => {
    const client = clientFor();
    await enrol(client, 'obama-1.jpg');
    await expect(enrol(client, 'obama-2.jpg', { name: 'Someone Else' })).rejects.toMatchObject({
      code: 'ALREADY_ENROLLED',
    });
    await expect(enrol(client, 'no-face.jpg')).rejects.toMatchObject({ code: 'FACE_NOT_FOUND' });
    await expect(enrol(client, 'two-people.jpg')).rejects.toMatchObject({ code: 'TOO_MANY_FACES' });
  });

  it('refuses an unreadable image before any request', async () => {
    await expect(clientFor().enroll(new Uint8Array([1, 2, 3]), 'image/jpeg', { name: 'X' })).rejects.toMatchObject({
      code: 'FAILED_TO_READ_IMAGE',
    });
    expect(fake.requestCount).toBe(0);
  });

  it('fetches a fresh token once when the one it holds is refused, then gives up with AUTH_FAILED', async () => {
    // The fake's /enroll takes any token: a server that refuses every one plays a revoked token.
    const refusing = await answering(401);
    const client = clientFor({ enrollUrl: `${refusing.origin}/enroll` });
    await expect(enrol(client, 'obama-1.jpg')).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    expect(refusing.hits).toEqual(['POST /enroll', 'POST /enroll']);
    expect(fake.tokenRequests).toBe(2);
  });

  it('uses verifier.enrollUrl when set, and never follows a redirect with the face', async () => {
    const moved = await answering(307, { location: `${fake.origin}/enroll` });
    await expect(
      enrol(clientFor({ enrollUrl: `${moved.origin}/facelink/api/signup` }), 'obama-1.jpg'),
    ).rejects.toMatchObject({ code: 'INVALID_CONFIG', message: expect.stringContaining('enrollUrl') });
    expect(moved.hits).toEqual(['POST /facelink/api/signup']);
    expect(fake.enrollRequests).toEqual([]);
  });

  it("reads the cloud signup's answer: data.user.userId and data.face_id", async () => {
    const cloud = await answering(
      200,
      {},
      JSON.stringify({ responseCode: 0, data: { user: { userId: 'u-cloud', faceID: 'f-9' }, face_id: 'f-9' } }),
    );
    expect(await enrol(clientFor({ enrollUrl: `${cloud.origin}/signup` }), 'obama-1.jpg')).toEqual({
      userId: 'u-cloud',
      faceId: 'f-9',
    });
  });

  it('is OFFLINE when the enrol service cannot be reached, and INVALID_CONFIG for a plain-http remote URL', async () => {
    const dead = `http://127.0.0.1:${await closedPort()}/enroll`;
    await expect(enrol(clientFor({ enrollUrl: dead }), 'obama-1.jpg')).rejects.toMatchObject({ code: 'OFFLINE' });
    await expect(enrol(clientFor({ enrollUrl: 'http://example.com/enroll' }), 'obama-1.jpg')).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringContaining('enrollUrl'),
    });
  });
});
