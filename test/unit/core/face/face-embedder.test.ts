import { randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  FaceEmbedder,
  SAME_PERSON_MAX_DISTANCE,
  distinctFaces,
  faceDistance,
  type FaceDescription,
} from '../../../../electron/core/face/face-embedder';
import { readFixture } from '../../../support/fixtures';

// Real photos through the real embedder (face-api on tfjs wasm, sharp decoding): what the fake FACEKI
// and a later local verifier decide with. Distances for every pair: `npx tsx scripts/face-distances.ts`.
let embedder: FaceEmbedder;
beforeAll(async () => {
  embedder = await FaceEmbedder.load();
}, 60_000);

const described = new Map<string, Promise<FaceDescription>>();
function describeFixture(name: string): Promise<FaceDescription> {
  let result = described.get(name);
  if (!result) {
    result = embedder.describe(readFixture(name));
    described.set(name, result);
  }
  return result;
}

async function faceOf(name: string): Promise<Extract<FaceDescription, { kind: 'face' }>> {
  const result = await describeFixture(name);
  if (result.kind !== 'face') throw new Error(`${name}: expected one face, got ${result.code}`);
  return result;
}

async function distance(a: string, b: string): Promise<number> {
  return faceDistance((await faceOf(a)).descriptor, (await faceOf(b)).descriptor);
}

describe('FaceEmbedder on the shared fixtures', () => {
  it('describes one face with a 128-d descriptor, a box inside the photo and a detector score', async () => {
    const face = await faceOf('obama-1.jpg');
    const { width, height } = await sharp(readFixture('obama-1.jpg')).metadata();
    expect(face.descriptor).toBeInstanceOf(Float32Array);
    expect(face.descriptor).toHaveLength(128);
    expect(face.descriptor.some((v) => v !== 0)).toBe(true);
    const [x, y, w, h] = face.box;
    expect(w).toBeGreaterThan(100);
    expect(h).toBeGreaterThan(100);
    expect(x).toBeGreaterThanOrEqual(0);
    expect(y).toBeGreaterThanOrEqual(0);
    expect(x + w).toBeLessThanOrEqual(width ?? 0);
    expect(y + h).toBeLessThanOrEqual(height ?? 0);
    expect(face.score).toBeGreaterThan(0.5);
    expect(face.score).toBeLessThanOrEqual(1);
  });

  it.each([
    ['obama-1.jpg', 'obama-2.jpg'],
    ['vlado-1.jpg', 'vlado-2.jpg'],
  ])('takes %s and %s for the same person', async (a, b) => {
    expect(await distance(a, b)).toBeLessThan(SAME_PERSON_MAX_DISTANCE);
  });

  it.each([
    ['obama-1.jpg', 'biden-1.jpg'],
    ['obama-2.jpg', 'biden-1.jpg'],
    ['obama-1.jpg', 'vlado-1.jpg'],
    ['obama-2.jpg', 'vlado-2.jpg'],
    ['biden-1.jpg', 'vlado-1.jpg'],
    ['biden-1.jpg', 'vlado-2.jpg'],
    ['obama-2.jpg', 'alex-lacamoire-1.png'],
  ])('takes %s and %s for different people', async (a, b) => {
    expect(await distance(a, b)).toBeGreaterThan(SAME_PERSON_MAX_DISTANCE);
  });

  it('reads a PNG with an alpha channel', async () => {
    expect((await sharp(readFixture('alex-lacamoire-1.png')).metadata()).hasAlpha).toBe(true);
    const face = await faceOf('alex-lacamoire-1.png');
    expect(face.descriptor).toHaveLength(128);
  });

  it('finds one face in biden-1.jpg, not two', async () => {
    expect(await describeFixture('biden-1.jpg')).toMatchObject({ kind: 'face' });
  });

  it('refuses two people side by side as TOO_MANY_FACES', async () => {
    expect(await describeFixture('two-people.jpg')).toEqual({ kind: 'error', code: 'TOO_MANY_FACES' });
  });

  it('answers FACE_NOT_FOUND for a scene without a person', async () => {
    expect(await describeFixture('no-face.jpg')).toEqual({ kind: 'error', code: 'FACE_NOT_FOUND' });
  });

  it('answers FAILED_TO_READ_IMAGE for bytes that are no image, empty or cut short', async () => {
    const failed = { kind: 'error', code: 'FAILED_TO_READ_IMAGE' };
    const jpeg = readFixture('obama-1.jpg');
    expect(await embedder.describe(new Uint8Array(randomBytes(4096)))).toEqual(failed);
    expect(await embedder.describe(new Uint8Array(0))).toEqual(failed);
    // JPEG magic and a real header, but the scan data stops halfway: the decoder must not guess the rest.
    expect(await embedder.describe(jpeg.subarray(0, jpeg.byteLength / 2))).toEqual(failed);
  });

  it('applies EXIF orientation before looking for the face', async () => {
    // The pixels lie on their side; the EXIF tag (6: turn 90 degrees clockwise) makes them upright again.
    const sideways = await sharp(readFixture('obama-2.jpg'))
      .rotate(270)
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    const face = await embedder.describe(new Uint8Array(sideways));
    expect(face.kind).toBe('face');
    if (face.kind !== 'face') return;
    expect(faceDistance(face.descriptor, (await faceOf('obama-2.jpg')).descriptor)).toBeLessThan(0.2);
    // The box is in upright coordinates: about as wide as in the original photo (within 5 px).
    expect(face.box[2]).toBeCloseTo((await faceOf('obama-2.jpg')).box[2], -1);
  });

  it('describes a greyscale photo (one channel) as the same person', async () => {
    const grey = await sharp(readFixture('obama-1.jpg')).toColourspace('b-w').jpeg().toBuffer();
    expect((await sharp(grey).metadata()).channels).toBe(1);
    const face = await embedder.describe(new Uint8Array(grey));
    if (face.kind !== 'face') throw new Error(`expected a face, got ${face.code}`);
    expect(faceDistance(face.descriptor, (await faceOf('obama-2.jpg')).descriptor)).toBeLessThan(
      SAME_PERSON_MAX_DISTANCE,
    );
  });

  it('answers the same descriptor for the same photo, also when calls overlap', async () => {
    const bytes = readFixture('vlado-1.jpg');
    const [a, b] = await Promise.all([embedder.describe(bytes), embedder.describe(bytes)]);
    if (a.kind !== 'face' || b.kind !== 'face') throw new Error('expected two faces');
    expect(faceDistance(a.descriptor, b.descriptor)).toBeLessThan(1e-4);
  });
});

describe('FaceEmbedder.load', () => {
  it('shares one loaded embedder', async () => {
    expect(await FaceEmbedder.load()).toBe(embedder);
  });

  it('refuses other model files once loaded, rather than answering from the first ones', async () => {
    await expect(FaceEmbedder.load({ modelDir: '/nonexistent/models' })).rejects.toThrow(/already loaded/);
  });
});

describe('faceDistance and distinctFaces', () => {
  it('measures Euclidean distance and refuses descriptors of different lengths', () => {
    expect(faceDistance([0, 0, 0], [3, 4, 0])).toBe(5);
    expect(faceDistance(new Float32Array([1, 2]), new Float32Array([1, 2]))).toBe(0);
    expect(() => faceDistance([1, 2], [1, 2, 3])).toThrow(/lengths differ/);
  });

  it('counts a box nested in another as one face, keeping the better-scored box', () => {
    const outer = { box: [100, 100, 400, 400] as [number, number, number, number], score: 0.7 };
    const inner = { box: [180, 160, 200, 220] as [number, number, number, number], score: 0.9 };
    expect(distinctFaces([outer, inner])).toEqual([inner]);
  });

  it('keeps separate or barely touching boxes as separate faces, best first', () => {
    const left = { box: [0, 0, 200, 200] as [number, number, number, number], score: 0.6 };
    const right = { box: [500, 0, 200, 200] as [number, number, number, number], score: 0.8 };
    const edge = { box: [180, 0, 200, 200] as [number, number, number, number], score: 0.5 };
    expect(distinctFaces([left, right])).toEqual([right, left]);
    expect(distinctFaces([left, edge])).toHaveLength(2);
  });
});
