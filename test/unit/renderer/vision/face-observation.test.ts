import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHuman } from '../../../../electron/cli/human-node';
import { observe, type HumanFaceLike } from '../../../../renderer/src/vision/face-observation';
import { humanFrame, type HumanFrame } from '../../../support/human-results';

afterAll(() => closeHuman());

describe('observe() on a real Human result (obama-1 as a 640x480 camera frame)', () => {
  let frame: HumanFrame;
  beforeAll(async () => {
    frame = await humanFrame({ fixture: 'obama-1.jpg' });
  });

  it('keeps the box and the detector score, and measures the face from the mesh', () => {
    const human = frame.faces[0]!;
    const o = frame.observations[0]!;
    expect(o.box).toEqual(human.box);
    expect(o.detectorScore).toBe(human.boxScore);
    // The mesh box is the face itself: about half as wide as Human's box, inside it.
    const [mx, my, mw, mh] = o.meshBox!;
    expect(mw / o.box[2]).toBeGreaterThan(0.45);
    expect(mw / o.box[2]).toBeLessThan(0.6);
    expect(mx).toBeGreaterThan(o.box[0]);
    expect(my + mh).toBeLessThan(o.box[1] + o.box[3]);
    // Human's box is about 4.4 eye distances wide on frontal faces (the gate's size limits rely on it).
    expect(o.box[2] / o.eyeDistancePx!).toBeGreaterThan(4);
    expect(o.box[2] / o.eyeDistancePx!).toBeLessThan(4.7);
  });

  it('turns Human radians into degrees and passes its anti-spoofing and liveness scores on', () => {
    const human = frame.faces[0]!;
    const o = frame.observations[0]!;
    expect(o.yaw).toBeCloseTo((human.rotation!.angle.yaw * 180) / Math.PI, 6);
    expect(Math.abs(o.yaw!)).toBeLessThan(5);
    expect(o.antispoof).toBe(human.real);
    expect(o.liveness).toBe(human.live);
    expect(o.eyeOpenness).toBeGreaterThan(0.15);
    expect(o.landmarks).toHaveLength(9);
  });
});

describe('observe() on partial results', () => {
  const corners = (x: number, y: number, w: number): HumanFaceLike['annotations'] => ({
    rightEyeLower0: [
      [x, y],
      [x + w / 2, y + 4],
      [x + w, y],
    ],
    rightEyeUpper0: [
      [x + w / 4, y - 4],
      [x + w / 2, y - 4],
      [x + (3 * w) / 4, y - 4],
    ],
  });

  it('uses the iris centres when the iris model filled them in, else the eye corners', () => {
    const annotations = {
      ...corners(100, 100, 20),
      leftEyeLower0: [
        [150, 100],
        [160, 104],
        [170, 100],
      ],
      leftEyeIris: [[161, 100]],
      // What the iris annotation looks like with the iris model off, after JSON: nulls.
      rightEyeIris: [[null, null, null]],
    };
    const o = observe({ box: [80, 60, 120, 120], boxScore: 0.9, annotations }, { width: 640, height: 480 });
    expect(o.eyeDistancePx).toBeCloseTo(161 - 110, 6);
    // Lid gap 8 over corner distance 20.
    expect(o.eyeOpenness).toBeCloseTo(0.4, 6);
  });

  it('leaves out what Human did not give, and falls back to boxRaw and score', () => {
    const o = observe({ boxRaw: [0.25, 0.5, 0.5, 0.25], score: 0.7 }, { width: 640, height: 480 });
    expect(o).toEqual({
      box: [160, 240, 320, 120],
      detectorScore: 0.7,
      meshBox: null,
      eyeDistancePx: null,
      yaw: null,
      pitch: null,
      roll: null,
      antispoof: null,
      liveness: null,
      eyeOpenness: null,
      landmarks: [],
    });
  });
});
