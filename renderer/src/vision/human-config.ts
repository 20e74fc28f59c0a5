import type { Config } from '@vladmandic/human';
import { sharedHumanConfig, type FaceModels } from '../../../electron/common/vision/human-config';

export type { FaceModels };

/**
 * Human for the kiosk: wasm backend (webgl is software-rendered on machines without a GPU and ten
 * times slower), models and .wasm served by the app itself from base (never a CDN), and the face
 * settings shared with the CLI (electron/common/vision/human-config.ts). Anti-spoofing and liveness
 * are on when the liveness check needs their scores.
 */
export function humanConfig(
  base: string,
  models: FaceModels = {},
  backend: 'wasm' | 'webgl' = 'wasm',
): Partial<Config> {
  return {
    ...sharedHumanConfig(models),
    backend,
    wasmPath: new URL('wasm/', base).href,
    modelBasePath: new URL('models/', base).href,
  } as Partial<Config>;
}
