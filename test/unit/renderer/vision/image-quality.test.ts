import { describe, expect, it } from 'vitest';
import {
  CROP_SIZE,
  cropLuma,
  faceRegion,
  frameFingerprint,
  laplacianVariance,
  lumaStats,
  measureQuality,
  type Pixels,
} from '../../../../renderer/src/vision/image-quality';
import { cameraFrame } from '../../../support/human-results';

/** A width x height image whose pixel at (x, y) is grey level f(x, y). */
function image(width: number, height: number, f: (x: number, y: number) => number, channels: 3 | 4 = 3): Pixels {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const i = (y * width + x) * channels;
      data.fill(f(x, y), i, i + 3);
      if (channels === 4) data[i + 3] = 255;
    }
  return { data, width, height, channels };
}

describe('image quality measures', () => {
  it('averages a region down to a square of luma, clipped to the image', () => {
    const img = image(100, 100, (x) => (x < 50 ? 0 : 200));
    const gray = cropLuma(img, [0, 0, 100, 100], 4)!;
    expect([...gray]).toEqual([0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200, 0, 0, 200, 200]);
    expect(cropLuma(img, [-50, -50, 100, 100], 2)).not.toBeNull();
    expect(cropLuma(img, [200, 200, 10, 10], 2)).toBeNull();
  });

  it('reads RGBA (a canvas) as RGB (sharp)', () => {
    const f = (x: number, y: number) => (x * 7 + y * 13) % 256;
    const box = { box: [10, 10, 80, 80] as const, meshBox: null };
    expect(measureQuality(image(100, 100, f, 4), box)).toEqual(measureQuality(image(100, 100, f, 3), box));
  });

  it('gives mean and spread, and a Laplacian variance of 0 for flat grey and large for a checkerboard', () => {
    expect(lumaStats([10, 30])).toEqual({ mean: 20, contrast: 10 });
    const flat = new Uint8Array(16 * 16).fill(128);
    expect(laplacianVariance(flat, 16, 16)).toBe(0);
    const checker = Uint8Array.from({ length: 16 * 16 }, (_, i) => (((i % 16) + (i >> 4)) % 2 ? 255 : 0));
    expect(laplacianVariance(checker, 16, 16)).toBeGreaterThan(100_000);
  });

  it('looks at the inside of the face: the mesh box less 15% a side', () => {
    expect(faceRegion({ box: [0, 0, 300, 300], meshBox: [100, 100, 100, 200] })).toEqual([115, 130, 70, 140]);
    const [x, , w] = faceRegion({ box: [0, 0, 300, 300], meshBox: null });
    expect([Math.round(x), Math.round(w)]).toEqual([75, 150]);
  });

  it('sees a darkened and a blurred camera frame of obama-1 for what they are', async () => {
    const region = { box: [183, 28, 327, 326] as const, meshBox: [261, 87, 171, 209] as const };
    const measure = async (change: object) =>
      measureQuality({ ...(await cameraFrame({ fixture: 'obama-1.jpg', ...change })), channels: 3 }, region)!;
    const plain = await measure({});
    const dark = await measure({ brightness: 0.3 });
    const blurred = await measure({ blur: 3 });
    expect(dark.meanLuma).toBeCloseTo(plain.meanLuma * 0.3, -1);
    expect(dark.contrast).toBeLessThan(plain.contrast / 2);
    expect(Math.abs(blurred.meanLuma - plain.meanLuma)).toBeLessThan(3);
    expect(blurred.sharpness).toBeLessThan(plain.sharpness / 10);
    expect(CROP_SIZE).toBe(64);
  });
});

describe('frameFingerprint', () => {
  it('is the same for the same pixels and changes with one level of noise in one channel of one sampled pixel', () => {
    const f = (x: number, y: number) => (x ^ y) & 0xff;
    const a = image(640, 480, f);
    expect(frameFingerprint(a)).toBe(frameFingerprint(image(640, 480, f)));
    const b = image(640, 480, f);
    // (10, 10) is the first sample of the 32 x 24 grid: 640/32/2 = 10, 480/24/2 = 10.
    (b.data as Uint8Array)[(10 * 640 + 10) * 3 + 2]! += 1;
    expect(frameFingerprint(b)).not.toBe(frameFingerprint(a));
  });
});
