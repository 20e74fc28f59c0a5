import { describe, expect, it } from 'vitest';
import type { KioskInfo } from '../../../electron/common/contract';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { defaultSettings } from '../../../electron/common/settings';
import { cropAround, KioskLoop, type LoopDeps } from '../../../renderer/src/kiosk-loop';
import { face } from './vision/observations';

// The loop's own decisions with its camera, detector and main process played by fakes: these are
// the branches the browser tests cannot force (an encoder that fails).

function deps(over: Partial<LoopDeps>): { deps: LoopDeps; shown: string[]; submitted: number } {
  const s = defaultSettings();
  const info: KioskInfo = {
    version: 't',
    gate: s.gate,
    resultDisplayMs: 500,
    capture: { ...s.capture, overlapVerify: false },
    liveness: { ...s.liveness, enabled: false },
    relay: { fitted: false, connected: false, detail: '' },
    language: 'en',
    configFault: null,
  };
  const record = { shown: [] as string[], submitted: 0 };
  const kiosk = {
    submitFrame: async () => {
      record.submitted += 1;
      return { ok: false, code: 'INTERNAL_ERROR', message: 'unexpected' };
    },
    reportState: async () => ({ ok: true, value: null }),
    getKioskInfo: async () => ({ ok: true, value: info }),
    on: () => () => {},
  } as unknown as KioskApi;
  const base: LoopDeps = {
    kiosk,
    info,
    detect: async () => [
      face(200, 100, 240, 240, { detectorScore: 0.9, yaw: 0, pitch: 0, roll: 0, eyeDistancePx: 90 }),
    ],
    frameSize: () => ({ width: 640, height: 480 }),
    pixels: () => ({ data: new Uint8Array(640 * 480 * 4).fill(128), width: 640, height: 480, channels: 4 }),
    keepFrame: () => {},
    encodeKept: async () => new Uint8Array([0xff, 0xd8, 0xff]),
    show: (state, code) => void record.shown.push(`${state}:${code ?? ''}`),
    showDecision: () => {},
    nextFrame: () => new Promise((resolve) => setImmediate(resolve)),
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    now: () => 0,
    ...over,
  };
  return {
    deps: base,
    get shown() {
      return record.shown;
    },
    get submitted() {
      return record.submitted;
    },
  } as never;
}

describe('KioskLoop', () => {
  it('shows FAILED_TO_WRITE_IMAGE and sends nothing when the best frame cannot be encoded', async () => {
    const rig = deps({
      encodeKept: async () => {
        throw new Error('canvas lost');
      },
      // Textured pixels, so the light and blur checks pass and the frame gets as far as encoding.
      pixels: () => {
        const data = new Uint8Array(640 * 480 * 4);
        for (let i = 0; i < data.length; i++) data[i] = (i * 7919) % 251;
        return { data, width: 640, height: 480, channels: 4 };
      },
    });
    const loop = new KioskLoop(rig.deps);
    const running = loop.run();
    for (let i = 0; i < 200 && !rig.shown.includes('fault:FAILED_TO_WRITE_IMAGE'); i++) {
      await new Promise((r) => setTimeout(r, 1));
    }
    loop.stop();
    await running;
    expect(rig.shown).toContain('fault:FAILED_TO_WRITE_IMAGE');
    expect(rig.submitted).toBe(0);
  });

  it('crops half a face of margin on every side, inside the frame', () => {
    expect(cropAround([200, 100, 200, 200], { width: 640, height: 480 })).toEqual([100, 0, 400, 400]);
    expect(cropAround([0, 0, 100, 100], { width: 640, height: 480 })).toEqual([0, 0, 150, 150]);
  });
});
