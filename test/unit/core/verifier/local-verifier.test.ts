import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/settings';
import { FaceEmbedder, type FaceEmbedderLike } from '../../../../electron/core/face/face-embedder';
import { enrolLocal } from '../../../../electron/core/gallery/enrolment';
import { LocalVerifier } from '../../../../electron/core/verifier/local-verifier';
import { readFixture } from '../../../support/fixtures';
import { nudged, syntheticDescriptor, tempGallery, type TempGallery } from '../gallery/temp-gallery';

// The local verifier with the real embedder (face-api on wasm) on the shared fixture photos, over a
// real gallery (SQLite file, key-file secrets), with settings.local's calibrated defaults.
const { maxDistance, margin } = defaultSettings().local;
let embedder: FaceEmbedder;
beforeAll(async () => {
  embedder = await FaceEmbedder.load();
}, 60_000);

let t: TempGallery;
beforeEach(() => {
  t = tempGallery();
});
afterEach(() => t.close());

const verifier = (over: Partial<ConstructorParameters<typeof LocalVerifier>[0]> = {}) =>
  new LocalVerifier({ embedder: async () => embedder, gallery: t.gallery, maxDistance, margin, ...over });
const verifyFixture = (v: LocalVerifier, name: string) =>
  v.verify(readFixture(name), name.endsWith('.png') ? 'image/png' : 'image/jpeg');
const enrol = (name: string, photo: string, email?: string) =>
  enrolLocal(t.gallery, embedder, { maxDistance }, { name, ...(email && { email }), language: 'en' }, [
    readFixture(photo),
  ]);

describe('LocalVerifier on the fixture photos', () => {
  it('grants each enrolled identity from its other photos and nobody else', async () => {
    const obama = await enrol('Barack Obama', 'obama-1.jpg', 'barack@example.org');
    const vlado = await enrol('Vlado', 'vlado-1.jpg');
    const v = verifier();

    for (const [photo, person] of [
      ['obama-2.jpg', obama],
      ['obama-240p.jpg', obama],
      ['vlado-2.jpg', vlado],
    ] as const) {
      const outcome = await verifyFixture(v, photo);
      expect(outcome, photo).toMatchObject({ kind: 'match', user: { userId: person.id, name: person.name } });
      if (outcome.kind !== 'match') continue;
      // 0.5 at the threshold, 1 for an identical face: the default minConfidence lets every match through.
      expect(outcome.confidence).toBeGreaterThan(0.5);
      expect(outcome.confidence).toBeLessThanOrEqual(1);
    }
    expect(await verifyFixture(v, 'obama-2.jpg')).toMatchObject({
      user: { email: 'barack@example.org', language: 'en' },
    });

    for (const photo of ['biden-1.jpg', 'alex-lacamoire-1.png']) {
      expect(await verifyFixture(v, photo), photo).toEqual({ kind: 'no-match' });
    }
    // The face cut by the left border lies 0.63 from obama-1 (docs/local-matching.md): no match; the
    // kiosk's gate refuses it (FACE_CROPPED) before any verifier sees it anyway.
    expect(await verifyFixture(v, 'obama-partial.jpg')).toEqual({ kind: 'no-match' });
  });

  it('says why there is no single face to match, with the embedder codes', async () => {
    await enrol('Barack Obama', 'obama-1.jpg');
    const v = verifier();
    expect(await verifyFixture(v, 'two-people.jpg')).toMatchObject({ kind: 'error', code: 'TOO_MANY_FACES' });
    expect(await verifyFixture(v, 'no-face.jpg')).toMatchObject({ kind: 'error', code: 'FACE_NOT_FOUND' });
    expect(await v.verify(new Uint8Array([0xff, 0xd8, 1, 2, 3]), 'image/jpeg')).toMatchObject({
      kind: 'error',
      code: 'FAILED_TO_READ_IMAGE',
    });
  });

  it('denies a forgotten person', async () => {
    const obama = await enrol('Barack Obama', 'obama-1.jpg');
    await enrol('Vlado', 'vlado-1.jpg');
    const v = verifier();
    expect(await verifyFixture(v, 'obama-2.jpg')).toMatchObject({ kind: 'match', user: { userId: obama.id } });
    expect(t.gallery.forget(obama.id)).toBe(true);
    expect(await verifyFixture(v, 'obama-2.jpg')).toEqual({ kind: 'no-match' });
    expect(await verifyFixture(v, 'vlado-2.jpg')).toMatchObject({ kind: 'match' });
  });

  it('grants from an empty gallery nobody', async () => {
    expect(await verifyFixture(verifier(), 'obama-2.jpg')).toEqual({ kind: 'no-match' });
  });

  it('with grantedSince (hybrid offline) matches only people granted since then', async () => {
    const obama = await enrol('Barack Obama', 'obama-1.jpg');
    let since: string | undefined = '2024-05-01T00:00:00.000Z';
    const v = verifier({ grantedSince: () => since });
    expect(await verifyFixture(v, 'obama-2.jpg')).toEqual({ kind: 'no-match' });
    t.gallery.touchGrant(obama.id, '2024-05-02T00:00:00.000Z');
    expect(await verifyFixture(v, 'obama-2.jpg')).toMatchObject({ kind: 'match', user: { userId: obama.id } });
    since = '2024-06-01T00:00:00.000Z';
    expect(await verifyFixture(v, 'obama-2.jpg')).toEqual({ kind: 'no-match' });
    since = undefined;
    expect(await verifyFixture(v, 'obama-2.jpg')).toMatchObject({ kind: 'match' });
  });
});

describe('LocalVerifier decisions on synthetic people', () => {
  const probe = syntheticDescriptor(7);
  /** An embedder that sees `probe` in every image: the decision rule alone is under test. */
  const seeing = (descriptor: Float32Array): (() => Promise<FaceEmbedderLike>) => {
    return async () => ({ describe: async () => ({ kind: 'face', descriptor, box: [0, 0, 100, 100], score: 0.9 }) });
  };
  const image = new Uint8Array([1]);

  it('is ambiguous, never a match, when the second-best person lies within the margin of the best', async () => {
    const a = t.gallery.add({ name: 'Twin A' }, [nudged(probe, 0.3, 0)]);
    const b = t.gallery.add({ name: 'Twin B' }, [nudged(probe, 0.3 + margin / 2, 1)]);
    const v = verifier({ embedder: seeing(probe) });
    expect(await v.verify(image, 'image/jpeg')).toEqual({ kind: 'ambiguous', faceIds: [a.id, b.id] });
  });

  it('grants the best person when the second-best lies beyond the margin', async () => {
    const a = t.gallery.add({ name: 'Near' }, [nudged(probe, 0.3, 0)]);
    t.gallery.add({ name: 'Farther' }, [nudged(probe, 0.3 + margin * 1.5, 1)]);
    const outcome = await verifier({ embedder: seeing(probe) }).verify(image, 'image/jpeg');
    expect(outcome).toMatchObject({ kind: 'match', user: { userId: a.id, name: 'Near' } });
    expect(outcome.kind === 'match' && outcome.confidence).toBeCloseTo(1 - 0.3 / (2 * maxDistance), 5);
  });

  it('counts the margin between people: two templates of one person near the face are no ambiguity', async () => {
    const a = t.gallery.add({ name: 'One' }, [nudged(probe, 0.3, 0), nudged(probe, 0.31, 1)]);
    expect(await verifier({ embedder: seeing(probe) }).verify(image, 'image/jpeg')).toMatchObject({
      kind: 'match',
      user: { userId: a.id },
    });
  });

  it('is no match beyond maxDistance, however far ahead of the others', async () => {
    t.gallery.add({ name: 'Far' }, [nudged(probe, maxDistance + 0.01, 0)]);
    expect(await verifier({ embedder: seeing(probe) }).verify(image, 'image/jpeg')).toEqual({ kind: 'no-match' });
  });

  it('answers the gallery fault, opening nothing, when a template changed elsewhere no longer opens', async () => {
    t.gallery.add({ name: 'Sealed' }, [probe]);
    const v = verifier({ embedder: seeing(probe) });
    expect(await v.verify(image, 'image/jpeg')).toMatchObject({ kind: 'match' });
    // Another connection (another process) damages the sealed template: the next match reloads it.
    const other = new BetterSqlite3(t.dbPath);
    const sealed = other.prepare('SELECT sealed FROM templates').pluck().get() as Buffer;
    sealed[20] = (sealed[20] as number) ^ 0x01;
    other.prepare('UPDATE templates SET sealed = ?').run(sealed);
    other.close();
    expect(await v.verify(image, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'INVALID_CONFIG' });
  });

  it('answers FAILED_TO_READ_MODEL when the embedder does not load, and INTERNAL_ERROR when it throws', async () => {
    const broken = verifier({ embedder: () => Promise.reject(new Error('model file missing')) });
    expect(await broken.verify(image, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'FAILED_TO_READ_MODEL' });
    const throwing = verifier({
      embedder: async () => ({ describe: () => Promise.reject(new Error('wasm trap')) }),
    });
    expect(await throwing.verify(image, 'image/jpeg')).toMatchObject({ kind: 'error', code: 'INTERNAL_ERROR' });
  });
});
