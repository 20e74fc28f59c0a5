import type { Config } from '@vladmandic/human';

export interface DetectConfigs {
  /** Nobody in view: the detector alone, a few times a second (the idle economy). */
  idle: Partial<Config>;
  /** A face in view: detector, mesh, and the anti-spoofing and liveness models when liveness uses them. */
  active: Partial<Config>;
}

/**
 * The per-call configs of human.detect() for the kiosk loop's two paces.
 *
 * Both are written out in full, never `{}` for "the normal config": Human merges a per-call config
 * into its own for good (human.ts: `this.config = mergeDeep(this.config, userConfig)`), so after the
 * first idle frame the mesh and the anti-spoofing and liveness models stayed off for every later
 * frame, and every visitor who walked up to a kiosk that had gone idle was refused LIVENESS_FAILED
 * (found by the walk-up bench; test/unit/renderer/vision/detect-configs.test.ts shows it on Human).
 */
export function detectConfigs(liveness: boolean): DetectConfigs {
  const face = (full: boolean) => ({
    mesh: { enabled: full },
    antispoof: { enabled: full && liveness },
    liveness: { enabled: full && liveness },
  });
  return {
    idle: { face: face(false) } as Partial<Config>,
    active: { face: face(true) } as Partial<Config>,
  };
}
