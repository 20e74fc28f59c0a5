import type { Config } from '@vladmandic/human';

export interface FaceModels {
  /** Human's anti-spoofing model (face.real): about 0.85 MB, a few ms per face. */
  antispoof?: boolean;
  /** Human's liveness model (face.live): about 0.6 MB, a few ms per face. */
  liveness?: boolean;
}

/**
 * The Human settings shared by the kiosk (renderer/src/vision/human-config.ts) and the CLI's Node
 * build (electron/cli/human-node.ts), so `facegate analyze` sees a photo the way the kiosk sees a
 * frame. Only where the models and .wasm come from differs between the two.
 *
 * Per frame: the face detector and the mesh (box refinement, landmarks, rotation), plus the
 * anti-spoofing and liveness models when asked. Not the description model (faceres, 7 MB, about
 * 80 ms): that runs on a chosen frame only. cacheSensitivity 0: with caching, a frozen camera
 * returns the same happy result forever. rotation: false, because the kiosk's faces are upright
 * and the rotated-crop path costs time for nothing.
 */
export function sharedHumanConfig(models: FaceModels = {}): Partial<Config> {
  return {
    cacheSensitivity: 0,
    warmup: 'none',
    debug: false,
    async: true,
    filter: { enabled: false },
    face: {
      enabled: true,
      detector: { rotation: false, maxDetected: 4, minConfidence: 0.3, return: false },
      mesh: { enabled: true },
      iris: { enabled: false },
      description: { enabled: false },
      emotion: { enabled: false },
      antispoof: { enabled: models.antispoof ?? false },
      liveness: { enabled: models.liveness ?? false },
      attention: { enabled: false },
      gear: { enabled: false },
    },
    body: { enabled: false },
    hand: { enabled: false },
    object: { enabled: false },
    gesture: { enabled: false },
    segmentation: { enabled: false },
  } as Partial<Config>;
}
