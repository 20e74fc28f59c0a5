import { describe, expect, it } from 'vitest';
import { distinctFaces, gateFrame, type DetectedFace, type GateConfig } from '../../../../renderer/src/vision/gate';

const frame = { width: 640, height: 480 };
const config: GateConfig = {
  minFaceWidthRatio: 0.3,
  maxFaceWidthRatio: 0.75,
  minDetectorScore: 0.6,
  borderMarginRatio: 0.03,
};
const face = (x: number, y: number, w: number, h: number, score = 0.9): DetectedFace => ({ box: [x, y, w, h], score });

describe('gateFrame', () => {
  it('passes one large, central, confident face', () => {
    const f = face(182, 29, 326, 326);
    expect(gateFrame([f], frame, config)).toEqual({ pass: true, face: f });
  });

  it.each([
    ['no face', [], 'FACE_NOT_FOUND'],
    ['two separate faces', [face(50, 100, 180, 180), face(400, 100, 180, 180)], 'TOO_MANY_FACES'],
    ['a face far away (obama-240p: 141 px box)', [face(262, 79, 141, 141)], 'FACE_TOO_SMALL'],
    ['a face filling the frame', [face(60, 20, 520, 440)], 'FACE_TOO_CLOSE'],
    ['a face cut by the left border', [face(0, 100, 200, 200)], 'FACE_CROPPED'],
    ['a face cut by the bottom border', [face(200, 300, 200, 180)], 'FACE_CROPPED'],
    ['a face a few pixels from the right border', [face(430, 100, 200, 200)], 'FACE_CLOSE_TO_BORDER'],
    ['an unsure detection', [face(200, 100, 200, 200, 0.4)], 'LOW_DETECTION_SCORE'],
  ] as const)('%s is %s', (_what, faces, code) => {
    const result = gateFrame(faces, frame, config);
    expect(result.pass).toBe(false);
    expect(result.pass === false && result.code).toBe(code);
  });

  it('treats a box nested inside a face as the same face (biden-1.jpg)', () => {
    const outer = face(200, 80, 220, 220, 0.95);
    const inner = face(250, 130, 100, 100, 0.5);
    expect(distinctFaces([inner, outer])).toEqual([outer]);
    expect(gateFrame([inner, outer], frame, config)).toEqual({ pass: true, face: outer });
  });

  it('keeps boxes that only touch as two faces', () => {
    expect(distinctFaces([face(100, 100, 150, 150), face(240, 100, 150, 150)])).toHaveLength(2);
  });
});
