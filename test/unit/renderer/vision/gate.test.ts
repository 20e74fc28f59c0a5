import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHuman } from '../../../../electron/cli/human-node';
import { settingsSchema } from '../../../../electron/common/settings';
import { distinctFaces, gateFrame, type GateResult } from '../../../../renderer/src/vision/gate';
import { measureQuality } from '../../../../renderer/src/vision/image-quality';
import { clipStills, humanFrame, humanFrames, type FrameRecipe, type HumanFrame } from '../../../support/human-results';
import { face, FRAME, gateDefaults } from './observations';

const config = gateDefaults();
const codeOf = (r: GateResult): string => (r.pass ? 'OK' : r.code);
/** The gate as the kiosk runs it on a frame: Human's faces, plus light and blur read from its pixels. */
const judge = (f: HumanFrame, overrides: Partial<typeof config> = {}): GateResult =>
  gateFrame(f.observations, f.frame, { ...config, ...overrides }, (o) =>
    measureQuality({ ...f.image, channels: 3 }, o),
  );

afterAll(() => closeHuman());

describe('gateFrame on hand-made observations', () => {
  it('passes one large, central, frontal, confident face, with the measures behind it', () => {
    const f = face(182, 29, 326, 326);
    const result = gateFrame([f], FRAME, config);
    expect(result).toMatchObject({ pass: true, face: f, measures: { faces: 1, marginPx: 29 } });
    expect(result.measures.widthRatio).toBeCloseTo(326 / 640);
    expect(result.measures.eyeDistancePx).toBeCloseTo(326 / 4.4);
  });

  it.each([
    ['no face', [], 'FACE_NOT_FOUND'],
    ['two separate faces', [face(50, 100, 200, 200), face(390, 100, 200, 200)], 'TOO_MANY_FACES'],
    ['a face far away (obama-240p: 138 px box)', [face(264, 81, 138, 139)], 'FACE_TOO_SMALL'],
    [
      'a wide box with eyes too close (turned aside)',
      [face(200, 100, 220, 220, { eyeDistancePx: 40 })],
      'FACE_TOO_SMALL',
    ],
    ['a face filling the frame', [face(60, 20, 520, 440)], 'FACE_TOO_CLOSE'],
    ['a face cut by the left border', [face(0, 100, 200, 200)], 'FACE_CROPPED'],
    ['a face cut by the bottom border', [face(200, 300, 200, 180)], 'FACE_CROPPED'],
    [
      'a mesh past the edge in a box that is not',
      [face(5, 100, 220, 220, { meshBox: [-4, 130, 120, 150] })],
      'FACE_CROPPED',
    ],
    ['a face a few pixels from the right border', [face(430, 100, 200, 200)], 'FACE_CLOSE_TO_BORDER'],
    ['a head turned 25 degrees', [face(200, 100, 220, 220, { yaw: 25 })], 'FACE_ANGLE_TOO_LARGE'],
    ['a head tilted back 18 degrees', [face(200, 100, 220, 220, { pitch: -18 })], 'FACE_ANGLE_TOO_LARGE'],
    ['a head leaning 16 degrees', [face(200, 100, 220, 220, { roll: 16 })], 'FACE_ANGLE_TOO_LARGE'],
    ['an unsure detection', [face(200, 100, 220, 220, { detectorScore: 0.4 })], 'LOW_DETECTION_SCORE'],
  ] as const)('%s is %s', (_what, faces, code) => {
    expect(codeOf(gateFrame(faces, FRAME, config))).toBe(code);
  });

  it('reads light before blur, and only for a face whose framing passed', () => {
    const good = face(200, 100, 220, 220);
    let asked = 0;
    const quality = (meanLuma: number, contrast: number, sharpness: number) => () => {
      asked++;
      return { meanLuma, contrast, sharpness };
    };
    expect(codeOf(gateFrame([good], FRAME, config, quality(40, 30, 500)))).toBe('POOR_LIGHT');
    expect(codeOf(gateFrame([good], FRAME, config, quality(240, 30, 500)))).toBe('POOR_LIGHT');
    expect(codeOf(gateFrame([good], FRAME, config, quality(120, 6, 500)))).toBe('POOR_LIGHT');
    expect(codeOf(gateFrame([good], FRAME, config, quality(40, 30, 5)))).toBe('POOR_LIGHT');
    expect(codeOf(gateFrame([good], FRAME, config, quality(120, 30, 20)))).toBe('FACE_BLUR');
    expect(gateFrame([good], FRAME, config, quality(120, 30, 300))).toMatchObject({
      pass: true,
      measures: { meanLuma: 120 },
    });
    expect(asked).toBe(6);
    expect(codeOf(gateFrame([face(0, 100, 200, 200)], FRAME, config, quality(40, 30, 5)))).toBe('FACE_CROPPED');
    expect(asked).toBe(6);
  });

  it('with no mesh judges size by the box alone and skips the angles', () => {
    const bare = face(200, 100, 220, 220, { meshBox: null, eyeDistancePx: null, yaw: null, pitch: null, roll: null });
    expect(gateFrame([bare], FRAME, config).pass).toBe(true);
  });

  it('treats a box nested inside a face as the same face', () => {
    const outer = face(200, 80, 220, 220, { detectorScore: 0.95 });
    const inner = face(250, 130, 100, 100, { detectorScore: 0.5 });
    expect(distinctFaces([inner, outer])).toEqual([outer]);
    expect(gateFrame([inner, outer], FRAME, config)).toMatchObject({ pass: true, face: outer });
  });

  it('keeps boxes that only touch as two faces, and judges the largest with pickLargestFace', () => {
    const left = face(60, 100, 200, 200);
    const right = face(250, 140, 150, 150);
    expect(distinctFaces([right, left])).toHaveLength(2);
    expect(gateFrame([right, left], FRAME, { ...config, pickLargestFace: true })).toMatchObject({
      pass: true,
      face: left,
    });
  });
});

describe('gate defaults (settings.gate)', () => {
  it('are valid settings, and refuse a minimum above its maximum', () => {
    expect(config).toMatchObject({
      minFaceWidthRatio: 0.3,
      minEyeDistanceRatio: 0.07,
      maxYawDeg: 15,
      pickLargestFace: false,
    });
    const bad = settingsSchema.safeParse({ gate: { minFaceWidthRatio: 0.8 } });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.path).toEqual(['gate', 'minFaceWidthRatio']);
  });
});

// Human's real results on the fixtures made into 640x480 camera frames (test/support/human-results.ts).
describe('gateFrame on the face fixtures as camera frames', () => {
  const names = [
    'obama-1.jpg',
    'obama-240p.jpg',
    'obama-partial.jpg',
    'biden-1.jpg',
    'two-people.jpg',
    'no-face.jpg',
    'vlado-1.jpg',
    'vlado-2.jpg',
    'alex-lacamoire-1.png',
  ];
  const frames = new Map<string, HumanFrame>();
  beforeAll(async () => {
    for (const f of await humanFrames(names.map((fixture) => ({ fixture })))) frames.set(f.recipe.fixture, f);
  });
  const at = (name: string): HumanFrame => frames.get(name)!;

  it.each([
    // name, code, why (the measure that decides)
    ['obama-1.jpg', 'OK', { widthRatio: 0.51, eyeDistancePx: 74 }],
    ['alex-lacamoire-1.png', 'OK', { widthRatio: 0.55, eyeDistancePx: 79 }],
    ['biden-1.jpg', 'OK', { widthRatio: 0.54, eyeDistancePx: 77 }],
    ['obama-240p.jpg', 'FACE_TOO_SMALL', { widthRatio: 0.22, eyeDistancePx: 35 }],
    // Just under both limits: a 181 px box (0.3 is 192) and eyes 44.3 px apart (0.07 is 44.8).
    ['vlado-1.jpg', 'FACE_TOO_SMALL', { widthRatio: 0.28, eyeDistancePx: 44 }],
    ['vlado-2.jpg', 'FACE_TOO_SMALL', { widthRatio: 0.09, eyeDistancePx: 16 }],
    ['obama-partial.jpg', 'FACE_CROPPED', { widthRatio: 0.61, marginPx: 0 }],
    ['two-people.jpg', 'TOO_MANY_FACES', { faces: 2 }],
    ['no-face.jpg', 'FACE_NOT_FOUND', { faces: 0 }],
  ] as const)('%s is %s', (name, code, why) => {
    const result = judge(at(name));
    expect(codeOf(result)).toBe(code);
    for (const [key, value] of Object.entries(why)) {
      const measured = result.measures[key as keyof typeof result.measures] as number;
      // Loose enough for another CPU's wasm arithmetic, tight enough to pin the reason.
      const tolerance = key === 'widthRatio' ? 0.01 : key === 'faces' ? 0 : 1;
      expect(Math.abs(measured - value), `${key} ${measured}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it('sees one face in biden-1 as a camera frame; at full size Human adds a nested box, merged', async () => {
    expect(at('biden-1.jpg').faces).toHaveLength(1);
    // The tall original (970x2204) is squeezed square by the detector: a 766 px box with the real
    // face (363 px, score 0.34) nested in it. One face, not TOO_MANY_FACES; too close by the big box.
    const original = await humanFrame({ fixture: 'biden-1.jpg', layout: 'original' });
    expect(original.faces).toHaveLength(2);
    expect(distinctFaces(original.observations)).toHaveLength(1);
    expect(codeOf(judge(original))).toBe('FACE_TOO_CLOSE');
  });

  it('judges the larger of two people with pickLargestFace: still too small', () => {
    const result = judge(at('two-people.jpg'), { pickLargestFace: true });
    expect(codeOf(result)).toBe('FACE_TOO_SMALL');
    expect(result.measures.widthRatio).toBeCloseTo(0.22, 2);
  });

  it('measures light and sharpness of the passing fixtures within the defaults', () => {
    for (const name of ['obama-1.jpg', 'biden-1.jpg', 'alex-lacamoire-1.png']) {
      const m = judge(at(name)).measures;
      expect(m.meanLuma).toBeGreaterThan(90);
      expect(m.contrast).toBeGreaterThan(20);
      expect(m.sharpness).toBeGreaterThan(300);
    }
  });

  it('refuses a head tilted by 20 degrees (Human measures 22) and passes one tilted by 10', async () => {
    const [ten, twenty] = await humanFrames([
      { fixture: 'obama-1.jpg', rotate: 10 },
      { fixture: 'obama-1.jpg', rotate: 20 },
    ]);
    expect(Math.abs(ten!.observations[0]!.roll! - 10.7)).toBeLessThan(1);
    expect(codeOf(judge(ten!))).toBe('OK');
    expect(Math.abs(twenty!.observations[0]!.roll! - 22.2)).toBeLessThan(1);
    expect(codeOf(judge(twenty!))).toBe('FACE_ANGLE_TOO_LARGE');
  });

  it.each([
    [{ brightness: 0.6 }, 'OK'],
    [{ brightness: 0.3 }, 'POOR_LIGHT'],
    [{ brightness: 2.2 }, 'POOR_LIGHT'],
    [{ blur: 1 }, 'OK'],
    [{ blur: 4 }, 'FACE_BLUR'],
  ] as const)('obama-1 with %o is %s (Human still finds the face)', async (change, code) => {
    const recipe: FrameRecipe = { fixture: 'obama-1.jpg', ...change };
    const f = await humanFrame(recipe);
    expect(f.faces).toHaveLength(1);
    expect(codeOf(judge(f))).toBe(code);
  });

  it('lets no frame of the stage clip through (faces far away: box at most 0.26 of the width)', async () => {
    const stills = await clipStills('hamilton-clip.mp4', 2);
    const results = (await humanFrames(stills.map((fixture) => ({ fixture, layout: 'letterbox' as const })))).map((f) =>
      judge(f),
    );
    expect(results.filter((r) => r.pass)).toEqual([]);
    const widest = Math.max(...results.map((r) => r.measures.widthRatio ?? 0));
    expect(widest).toBeGreaterThan(0.2);
    expect(widest).toBeLessThan(config.minFaceWidthRatio);
  });
});
