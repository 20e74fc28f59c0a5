import { describe, expect, it } from 'vitest';
import { sharedHumanConfig } from '../../../../electron/common/vision/human-config';
import { humanConfig } from '../../../../renderer/src/vision/human-config';

describe('humanConfig', () => {
  it('serves models and .wasm from the app itself, never a CDN, with no result cache', () => {
    const config = humanConfig('app://facegate/index.html');
    expect(config).toMatchObject({
      backend: 'wasm',
      wasmPath: 'app://facegate/wasm/',
      modelBasePath: 'app://facegate/models/',
      cacheSensitivity: 0,
    });
    expect(config.face).toMatchObject({ mesh: { enabled: true }, description: { enabled: false } });
  });

  it('runs anti-spoofing and liveness only when asked, with the same face settings as the CLI', () => {
    expect(humanConfig('http://127.0.0.1:5173/').face).toMatchObject({
      antispoof: { enabled: false },
      liveness: { enabled: false },
    });
    const both = humanConfig('http://127.0.0.1:5173/', { antispoof: true, liveness: true });
    expect(both.face).toEqual(sharedHumanConfig({ antispoof: true, liveness: true }).face);
    expect(both.face).toMatchObject({ antispoof: { enabled: true }, liveness: { enabled: true } });
  });
});
