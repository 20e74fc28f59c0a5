import type { Config } from '@vladmandic/human';

/**
 * Human for the kiosk: wasm backend (webgl is software-rendered on machines without a GPU and ten
 * times slower), models and .wasm served by the app itself from base (never a CDN), and only the
 * face detector and mesh per frame. cacheSensitivity 0: with caching, a frozen camera returns the
 * same happy result forever.
 */
export function humanConfig(base: string): Partial<Config> {
  return {
    backend: 'wasm',
    wasmPath: new URL('wasm/', base).href,
    modelBasePath: new URL('models/', base).href,
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
      antispoof: { enabled: false },
      liveness: { enabled: false },
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
