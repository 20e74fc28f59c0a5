/**
 * Which tfjs backend Human should use here. WebGL is fast on a real GPU, but where the GPU is
 * software-emulated (SwiftShader, llvmpipe: headless Chromium, VMs, bare kiosk PCs) it is ten times
 * slower than WebAssembly (PLATFORM.md: ~2 s against ~50 ms a frame). So: WebGL only when the
 * renderer string names real hardware, WebAssembly otherwise, and always WebAssembly if WebGL fails.
 */
export interface BackendChoice {
  backend: 'wasm' | 'webgl';
  reason: string;
}

const SOFTWARE = /swiftshader|llvmpipe|softpipe|software|microsoft basic render/i;

export function chooseBackend(probe: () => string | null = webglRenderer): BackendChoice {
  let renderer: string | null;
  try {
    renderer = probe();
  } catch (error) {
    return { backend: 'wasm', reason: `webgl probe failed: ${String(error)}` };
  }
  if (!renderer) return { backend: 'wasm', reason: 'no webgl' };
  if (SOFTWARE.test(renderer)) return { backend: 'wasm', reason: `webgl is software (${renderer})` };
  return { backend: 'webgl', reason: `webgl on ${renderer}` };
}

/** The GPU's name as WebGL reports it, or null without WebGL. */
function webglRenderer(): string | null {
  const gl =
    document.createElement('canvas').getContext('webgl2') ?? document.createElement('canvas').getContext('webgl');
  if (!gl) return null;
  const info = gl.getExtension('WEBGL_debug_renderer_info');
  return String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
}
