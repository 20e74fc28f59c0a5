import { describe, expect, it } from 'vitest';
import { chooseBackend } from '../../../../renderer/src/vision/backend-choice';

describe('chooseBackend', () => {
  it.each([
    ['ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero)), SwiftShader driver)', 'wasm'],
    ['llvmpipe (LLVM 15.0.6, 256 bits)', 'wasm'],
    ['ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)', 'webgl'],
    ['ANGLE (NVIDIA, NVIDIA GeForce GTX 1650 Direct3D11 vs_5_0 ps_5_0, D3D11)', 'webgl'],
  ])('%s -> %s', (renderer, backend) => {
    expect(chooseBackend(() => renderer).backend).toBe(backend);
  });

  it('falls back to wasm without WebGL or when probing throws, and says why', () => {
    expect(chooseBackend(() => null)).toEqual({ backend: 'wasm', reason: 'no webgl' });
    expect(
      chooseBackend(() => {
        throw new Error('context lost');
      }),
    ).toMatchObject({ backend: 'wasm', reason: expect.stringContaining('context lost') });
  });
});
