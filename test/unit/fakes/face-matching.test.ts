import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FaceEmbedder } from '../../../electron/core/face/face-embedder';
import { FacekiClient } from '../../../electron/core/verifier/faceki-client';
import {
  clientOptionsFor,
  MATCH_MS_HEADER,
  confidenceFromDistance,
  grantFor,
  startFakeFaceki,
  type FakeFaceki,
} from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';

// The fake FACEKI decides by real face embeddings (electron/core/face): enrolled photos against the
// uploaded one, over real HTTP, read back by the production FacekiClient.
const clientFor = (server: FakeFaceki) => new FacekiClient(clientOptionsFor(server, { timeoutMs: 10_000 }));

const form = (image: Uint8Array, fields: Record<string, string> = {}) => {
  const body = new FormData();
  body.append('image', new Blob([image as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'face.jpg');
  for (const [key, value] of Object.entries(fields)) body.append(key, value);
  return body;
};

const enrollOverHttp = async (server: FakeFaceki, image: Uint8Array, fields: Record<string, string> = {}) => {
  const response = await fetch(server.enrollUrl, { method: 'POST', body: form(image, fields) });
  return { status: response.status, body: (await response.json()) as unknown, headers: response.headers };
};

const verify = (server: FakeFaceki, name: string) =>
  clientFor(server).verify(readFixture(name), name.endsWith('.png') ? 'image/png' : 'image/jpeg');

let fake: FakeFaceki;
let obamaFaceId: string;
beforeAll(async () => {
  await FaceEmbedder.load(); // once per file: the first test should not pay for it in its timeout
  fake = await startFakeFaceki();
  const obama = await enrollOverHttp(fake, readFixture('obama-1.jpg'), {
    userId: 'u-obama',
    name: 'Barack Obama',
    email: 'barack@example.org',
  });
  expect(obama.body).toEqual({ response: 'Enrolled', faceId: expect.any(String) });
  obamaFaceId = (obama.body as { faceId: string }).faceId;
  const vlado = await fake.enroll({ userId: 'u-vlado', name: 'Vlado', language: 'sl' }, readFixture('vlado-1.jpg'));
  expect(vlado).toEqual({ kind: 'enrolled', faceId: expect.any(String), userId: 'u-vlado' });
}, 60_000);
afterAll(() => fake?.close());

describe('fake FACEKI matching enrolled faces', () => {
  it('grants another photo of an enrolled person, with the enrolled details and a confidence', async () => {
    const outcome = await verify(fake, 'obama-2.jpg');
    expect(outcome).toEqual({
      kind: 'match',
      user: { userId: 'u-obama', faceId: obamaFaceId, name: 'Barack Obama', email: 'barack@example.org' },
      confidence: expect.any(Number),
    });
    // obama-1 / obama-2 are 0.43 apart: well inside the threshold, so clearly above the kiosk's 0.5.
    const confidence = (outcome as { confidence: number }).confidence;
    expect(confidence).toBeGreaterThan(0.6);
    expect(confidence).toBeLessThan(1);
  });

  it('tells enrolled people apart', async () => {
    expect(await verify(fake, 'vlado-2.jpg')).toMatchObject({
      kind: 'match',
      user: { userId: 'u-vlado', name: 'Vlado', language: 'sl' },
    });
  });

  it('answers no match for a face nobody enrolled', async () => {
    expect(await verify(fake, 'biden-1.jpg')).toEqual({ kind: 'no-match' });
    expect(await verify(fake, 'alex-lacamoire-1.png')).toEqual({ kind: 'no-match' });
  });

  it("answers FACEKI's face error codes when there is not exactly one face", async () => {
    expect(await verify(fake, 'two-people.jpg')).toMatchObject({ kind: 'error', code: 'TOO_MANY_FACES' });
    expect(await verify(fake, 'no-face.jpg')).toMatchObject({ kind: 'error', code: 'FACE_NOT_FOUND' });
    const raw = (await verify(fake, 'no-face.jpg')) as { raw: string };
    expect(JSON.parse(raw.raw)).toMatchObject({ responseCode: 8006 });
  });

  it('answers FAILED_TO_READ_IMAGE for a JPEG that does not decode', async () => {
    const jpeg = readFixture('obama-2.jpg');
    const broken = jpeg.slice(0, 4096); // magic and header intact, image data cut off
    expect(await clientFor(fake).verify(broken, 'image/jpeg')).toMatchObject({
      kind: 'error',
      code: 'FAILED_TO_READ_IMAGE',
    });
  });

  it('reports how long it spent matching, in a header and as lastMatchMs', async () => {
    const token = await (
      await fetch(`${fake.tokenUrl}?clientId=${fake.clientId}&clientSecret=${fake.clientSecret}`)
    ).json();
    const response = await fetch(fake.verifyUrl, {
      method: 'POST',
      headers: { authorization: `Bearer ${(token as { data: { access_token: string } }).data.access_token}` },
      body: form(readFixture('vlado-2.jpg')),
    });
    expect(response.status).toBe(200);
    const ms = Number(response.headers.get(MATCH_MS_HEADER));
    // Describing a face takes tens of milliseconds at the very least; the header is that time, not zero.
    expect(ms).toBeGreaterThan(10);
    expect(ms).toBeLessThan(30_000);
    expect(fake.lastMatchMs?.toFixed(1)).toBe(ms.toFixed(1));
  });
});

describe('fake FACEKI enrolment', () => {
  it('says Already Registered for the same photo and for another photo of the same person', async () => {
    const again = await enrollOverHttp(fake, readFixture('obama-1.jpg'), { userId: 'someone-else' });
    expect(again.body).toEqual({ response: 'Already Registered' });
    expect(Number(again.headers.get(MATCH_MS_HEADER))).toBeGreaterThan(0);
    expect(await fake.enroll({ userId: 'u-other' }, readFixture('obama-2.jpg'))).toEqual({
      kind: 'already-registered',
      faceId: obamaFaceId,
      userId: 'u-obama',
    });
    // Nobody took over Obama's face by trying.
    expect(await verify(fake, 'obama-2.jpg')).toMatchObject({ user: { userId: 'u-obama' } });
  });

  it('refuses photos without exactly one face, with the same codes as /verify', async () => {
    const none = await enrollOverHttp(fake, readFixture('no-face.jpg'));
    expect(none.status).toBe(400);
    expect(none.body).toMatchObject({ responseCode: 8006 });
    const two = await enrollOverHttp(fake, readFixture('two-people.jpg'));
    expect(two.status).toBe(400);
    expect(two.body).toMatchObject({ responseCode: 8018 });
    expect(await fake.enroll({ userId: 'x' }, new Uint8Array([0xff, 0xd8, 0xff, 0, 1, 2]))).toEqual({
      kind: 'error',
      code: 'FAILED_TO_READ_IMAGE',
    });
  });
});

describe('fake FACEKI responders', () => {
  let other: FakeFaceki | undefined;
  afterEach(async () => {
    await other?.close();
    other = undefined;
  });

  it('answers ambiguous when faces of two people lie within the distance', async () => {
    other = await startFakeFaceki();
    // obama-partial (face cut by the border) is 0.63 from obama-1: beyond 0.6, so a second identity.
    const whole = await other.enroll({ userId: 'u-a' }, readFixture('obama-1.jpg'));
    const cropped = await other.enroll({ userId: 'u-b' }, readFixture('obama-partial.jpg'));
    expect([whole.kind, cropped.kind]).toEqual(['enrolled', 'enrolled']);
    expect(await verify(other, 'obama-2.jpg')).toMatchObject({ kind: 'match', user: { userId: 'u-a' } });
    // With a looser threshold, obama-2 (0.43 and 0.63 away) is within reach of both.
    other.setVerifyResponder(other.matchByFace({ maxDistance: 0.65 }));
    const ids = [whole, cropped].map((r) => (r as { faceId: string }).faceId);
    expect(await verify(other, 'obama-2.jpg')).toEqual({ kind: 'ambiguous', faceIds: ids });
  });

  it('answers no match without looking at faces until one is enrolled, and obeys a set responder', async () => {
    other = await startFakeFaceki();
    // matchByFace would say FACE_NOT_FOUND here: the empty fake keeps its old answer.
    expect(await verify(other, 'no-face.jpg')).toEqual({ kind: 'no-match' });
    expect(other.lastMatchMs).toBeUndefined();
    await other.enroll({ userId: 'u-vlado' }, readFixture('vlado-1.jpg'));
    expect(await verify(other, 'no-face.jpg')).toMatchObject({ kind: 'error', code: 'FACE_NOT_FOUND' });
    other.setVerifyResponder(() => grantFor({ userId: 'scripted' }));
    expect(await verify(other, 'biden-1.jpg')).toMatchObject({ kind: 'match', user: { userId: 'scripted' } });
  });

  it('maps distance to a confidence of 1 when identical and 0.5 at the threshold', () => {
    expect(confidenceFromDistance(0, 0.6)).toBe(1);
    expect(confidenceFromDistance(0.6, 0.6)).toBe(0.5);
    expect(confidenceFromDistance(0.3, 0.6)).toBe(0.75);
    expect(confidenceFromDistance(2, 0.6)).toBe(0);
  });
});
