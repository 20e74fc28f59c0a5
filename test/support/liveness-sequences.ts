import type { FaceObservation } from '../../electron/common/vision/face-observation';
import { frameFingerprint } from '../../electron/common/vision/image-quality';
import type { FrameRecipe, HumanFrame } from './human-results';

/**
 * The camera-like fixture sequences liveness is measured on, shared by its tests and by
 * bench/liveness-frames.ts so the numbers in docs/liveness.md come from the very frames the tests use.
 * (liveness.test.ts's first tests spell the same recipes out inline; these are equal to them.)
 */

/** A person swaying before the camera: the 4:3 window shifted 1-3 source px and zoomed up to 3%. */
const SWAY: readonly (readonly [number, number, number])[] = [
  [0, 0, 1],
  [1, 0, 1.01],
  [2, 1, 1.02],
  [1, 3, 1.015],
  [3, 2, 1.03],
  [0, 1, 1.02],
  [2, 3, 1.01],
  [3, 0, 1.005],
  [1, 1, 1.02],
  [2, 2, 1.03],
];

/** `fixture` swaying (portraits only: a letterboxed landscape has no room to shift). */
export function swayRecipes(fixture: string, brightness?: number): FrameRecipe[] {
  return SWAY.map(([dx, dy, zoom]) => ({
    fixture,
    shift: [dx, dy] as const,
    zoom,
    ...(brightness !== undefined && { brightness }),
  }));
}

/** `fixture` held still before a live sensor: Gaussian noise of `sigma` levels, a new draw per frame. */
export function noisyStillRecipes(fixture: string, sigma: number, frames: number): FrameRecipe[] {
  return Array.from({ length: frames }, (_, i) => ({ fixture, noise: { sigma, seed: i + 1 } }));
}

export interface FedFrame {
  face: FaceObservation | null;
  fingerprint: number | string;
}

/** What the kiosk feeds its accumulator per frame: the (first) face and the frame's fingerprint. */
export const fedFrames = (frames: readonly HumanFrame[]): FedFrame[] =>
  frames.map((f) => ({ face: f.observations[0]!, fingerprint: frameFingerprint({ ...f.image, channels: 3 }) }));
