import type { FaceObservation } from '../../../../renderer/src/vision/face-observation';
import type { GateConfig } from '../../../../renderer/src/vision/gate';
import type { LivenessConfig } from '../../../../renderer/src/vision/liveness';
import { defaultSettings } from '../../../../electron/common/settings';

// Hand-made observations and the default configs, shared by the vision tests.

/** A frontal, sharp, well-framed face unless told otherwise: eyes a quarter of the box apart. */
export function face(x: number, y: number, w: number, h: number, more: Partial<FaceObservation> = {}): FaceObservation {
  return {
    box: [x, y, w, h],
    detectorScore: 0.9,
    meshBox: [x + w * 0.24, y + h * 0.18, w * 0.52, h * 0.64],
    eyeDistancePx: w / 4.4,
    yaw: 0,
    pitch: 0,
    roll: 0,
    antispoof: 0.7,
    liveness: 0.95,
    eyeOpenness: 0.3,
    landmarks: [
      [x + w * 0.5, y + h * 0.55],
      [x + w * 0.5, y + h * 0.85],
      [x + w * 0.5, y + h * 0.2],
      [x + w * 0.33, y + h * 0.42],
      [x + w * 0.67, y + h * 0.42],
    ],
    ...more,
  };
}

/** The same face moved by dx, dy (box, mesh box and landmarks). */
export function moved(
  f: FaceObservation,
  dx: number,
  dy: number,
  more: Partial<FaceObservation> = {},
): FaceObservation {
  return {
    ...f,
    box: [f.box[0] + dx, f.box[1] + dy, f.box[2], f.box[3]],
    meshBox: f.meshBox && [f.meshBox[0] + dx, f.meshBox[1] + dy, f.meshBox[2], f.meshBox[3]],
    landmarks: f.landmarks.map(([x, y]) => [x + dx, y + dy] as const),
    ...more,
  };
}

export const gateDefaults = (): GateConfig => defaultSettings().gate;
export const livenessDefaults = (): LivenessConfig => defaultSettings().liveness;
export const FRAME = { width: 640, height: 480 } as const;
