import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { readFixture } from '../../support/fixtures';

// The client tests and the end-to-end suite trust this fake to answer as FACEKI does (docs/FACEKI.md);
// these checks pin the parts of that contract the client itself never exercises.
let fake: FakeFaceki;
beforeEach(async () => {
  fake = await startFakeFaceki({ tokenTtlSeconds: 3600 });
});
afterEach(() => fake.close());

const tokenUrl = (query: string) => `${fake.tokenUrl}?${query}`;
const upload = (bytes: Uint8Array, field = 'image') => {
  const form = new FormData();
  form.append(field, new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/jpeg' }), 'selfie.jpg');
  return form;
};

describe('fake FACEKI token endpoint', () => {
  it('issues a JWT-shaped Bearer token whose exp - iat is the configured lifetime', async () => {
    const response = await fetch(tokenUrl(`clientId=${fake.clientId}&clientSecret=${fake.clientSecret}`));
    const body = (await response.json()) as {
      responseCode: number;
      data: { access_token: string; expires_in: number; token_type: string };
    };
    expect(response.status).toBe(200);
    expect(body).toMatchObject({ responseCode: 0, data: { expires_in: 3600, token_type: 'Bearer' } });
    const claims = JSON.parse(Buffer.from(body.data.access_token.split('.')[1]!, 'base64url').toString()) as {
      iat: number;
      exp: number;
    };
    expect(claims.exp - claims.iat).toBe(3600);
    expect(fake.tokenRequests).toBe(1);
  });

  it('answers 401 for a wrong secret and 422 for a missing client id, issuing nothing', async () => {
    const wrong = await fetch(tokenUrl(`clientId=${fake.clientId}&clientSecret=nope`));
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ responseCode: 401 });
    const missing = await fetch(tokenUrl('clientSecret=x'));
    expect(missing.status).toBe(422);
    expect(await missing.json()).toEqual({ status: false, message: 'client id is required', statusCode: 422 });
    expect(fake.tokenRequests).toBe(0);
  });
});

describe('fake FACEKI verify and enrol', () => {
  it('refuses /verify without a valid token and records nothing', async () => {
    const response = await fetch(fake.verifyUrl, {
      method: 'POST',
      body: upload(readFixture('obama-1.jpg')),
      headers: { authorization: 'Bearer forged' },
    });
    expect(response.status).toBe(401);
    expect(fake.verifyRequests).toEqual([]);
  });

  it('enrols a face once, then says it is already registered', async () => {
    const photo = readFixture('obama-2.jpg');
    const first = await (await fetch(fake.enrollUrl, { method: 'POST', body: upload(photo) })).json();
    const again = await (await fetch(fake.enrollUrl, { method: 'POST', body: upload(photo) })).json();
    expect(first).toEqual({ response: 'Enrolled', faceId: expect.any(String) });
    expect(again).toEqual({ response: 'Already Registered' });
  });

  it('refuses to enrol bytes that are no image', async () => {
    const response = await fetch(fake.enrollUrl, { method: 'POST', body: upload(new TextEncoder().encode('hello')) });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: 'FAILED_TO_READ_IMAGE', error_code: 'FAILED_TO_READ_IMAGE' });
  });

  it('answers 404 for routes FACEKI does not have', async () => {
    expect((await fetch(`${fake.origin}/admin`)).status).toBe(404);
    expect((await fetch(fake.verifyUrl)).status).toBe(404);
  });
});
