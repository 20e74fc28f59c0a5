import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../electron/common/settings';
import {
  EnrolCapture,
  type CaptureDeps,
  type CaptureOptions,
  type CaptureProgress,
} from '../../../renderer/src/admin/enrol-capture';
import { cropAround } from '../../../renderer/src/kiosk-loop';
import type { DetectedFace } from '../../../renderer/src/vision/gate';
import { face, moved } from './vision/observations';

// The admin screen's enrolment capture with its camera and detector played by fakes: the frames it
// keeps must be the ones a login would send (same gate, same liveness, same crop), and a still
// picture, a frozen camera or a face the gate refuses must enrol nothing.

const GOOD = face(200, 100, 240, 240, { eyeDistancePx: 90 });
const FRAME_MS = 50;

/** Textured pixels, different from one frame to the next: light and blur pass, the camera is not frozen. */
const textures = Array.from({ length: 4 }, (_, k) => {
  const data = new Uint8Array(640 * 480 * 4);
  for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + k * 13) % 251;
  return { data, width: 640, height: 480, channels: 4 as const };
});
const pixels = (frame: number) => textures[frame % textures.length]!;

interface Rig {
  deps: CaptureDeps;
  progress: CaptureProgress[];
  encoded: Array<readonly [number, number, number, number]>;
  /** Times (fake ms) at which a frame was kept as the best so far. */
  kept: number[];
}

function rig(
  over: Partial<CaptureDeps> & { faces?: (frame: number) => DetectedFace[]; liveness?: boolean; still?: boolean } = {},
): Rig {
  const s = defaultSettings();
  let clock = 0;
  let frame = 0;
  const record: Rig = { deps: undefined as never, progress: [], encoded: [], kept: [] };
  record.deps = {
    info: {
      gate: s.gate,
      capture: { ...s.capture, imageFormat: 'jpeg', overlapVerify: false },
      liveness: { ...s.liveness, enabled: over.liveness ?? false },
    },
    detect: async () => (over.faces ? over.faces(frame) : [GOOD]),
    frameSize: () => ({ width: 640, height: 480 }),
    pixels: () => (over.still ? pixels(0) : pixels(frame)),
    keepFrame: () => void record.kept.push(clock),
    encodeKept: async (region) => {
      record.encoded.push(region);
      return new Uint8Array([0xff, 0xd8, 0xff, record.encoded.length]);
    },
    nextFrame: async () => {
      frame += 1;
      clock += FRAME_MS;
    },
    now: () => clock,
    ...over,
  };
  return record;
}

const options: CaptureOptions = { frames: 3, timeoutMs: 10_000, gapMs: 400 };
const run = (r: Rig, o: CaptureOptions = options) => new EnrolCapture(r.deps, (p) => r.progress.push(p), o).run();

describe('EnrolCapture', () => {
  it('takes three frames of a passing face, each the best of a run, cropped as a login is, spaced apart', async () => {
    const r = rig();
    const result = await run(r);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.frames).toHaveLength(3);
    expect(result.frames.every((f) => f.mime === 'image/jpeg' && f.image[0] === 0xff)).toBe(true);
    // The same crop the door sends (kiosk-loop.ts cropAround): half the face box again on every side.
    expect(r.encoded).toEqual(Array(3).fill(cropAround(GOOD.box, { width: 640, height: 480 })));
    expect(r.progress.filter((p) => p.state === 'captured').map((p) => p.captured)).toEqual([1, 2, 3]);
    // framesToHold (3) passing frames before the first; then at least gapMs between two.
    const captures = r.progress.flatMap((p, i) => (p.state === 'captured' ? [i] : []));
    expect(captures[0]).toBeGreaterThanOrEqual(2);
    expect((captures[1]! - captures[0]!) * FRAME_MS).toBeGreaterThanOrEqual(options.gapMs);
  });

  it('encodes PNG when the kiosk sends PNG', async () => {
    const r = rig();
    r.deps.info = { ...r.deps.info, capture: { ...r.deps.info.capture, imageFormat: 'png' } };
    const result = await run(r, { ...options, frames: 1 });
    expect(result).toMatchObject({ ok: true, frames: [{ mime: 'image/png' }] });
  });

  it('guides with the gate’s code and captures nothing from a face the door would refuse', async () => {
    const small = face(300, 200, 60, 60, { eyeDistancePx: 14 });
    const r = rig({ faces: () => [small] });
    const result = await run(r, { ...options, timeoutMs: 2_000 });
    expect(result).toEqual({ ok: false, code: 'FACE_TOO_SMALL' });
    expect(r.encoded).toEqual([]);
    expect(r.progress.at(-1)).toEqual({ state: 'guiding', code: 'FACE_TOO_SMALL', captured: 0 });
  });

  it('refuses two people in view, as the door does', async () => {
    const other = face(20, 150, 150, 150, { eyeDistancePx: 60 });
    const r = rig({ faces: () => [GOOD, other] });
    r.deps.info = { ...r.deps.info, gate: { ...r.deps.info.gate, pickLargestFace: false } };
    expect(await run(r, { ...options, timeoutMs: 1_000 })).toEqual({ ok: false, code: 'TOO_MANY_FACES' });
    expect(r.encoded).toEqual([]);
  });

  it('with liveness on, waits for a live face: a swaying one is captured, a perfectly still one fails', async () => {
    // About 1 px of sway a frame, as a person standing still in front of a camera.
    const sway = rig({ liveness: true, faces: (n) => [moved(GOOD, n % 2, (n >> 1) % 2)] });
    const live = await run(sway);
    expect(live.ok).toBe(true);
    // Nothing before liveness has watched its minimum of frames.
    const firstCapture = sway.progress.findIndex((p) => p.state === 'captured');
    expect(firstCapture + 1).toBeGreaterThanOrEqual(defaultSettings().liveness.minLiveFrames);

    const photo = rig({ liveness: true });
    expect(await run(photo)).toEqual({ ok: false, code: 'LIVENESS_FAILED' });
    expect(photo.encoded).toEqual([]);
  });

  it('stops on a frozen camera and enrols nothing', async () => {
    const r = rig({ liveness: true, still: true, faces: (n) => [moved(GOOD, n % 2, 0)] });
    expect(await run(r)).toEqual({ ok: false, code: 'CAMERA_FROZEN' });
    expect(r.encoded).toEqual([]);
  });

  it('reports an encoder failure and can be stopped by the operator', async () => {
    const broken = rig({
      encodeKept: async () => {
        throw new Error('canvas lost');
      },
    });
    expect(await run(broken)).toEqual({ ok: false, code: 'FAILED_TO_WRITE_IMAGE' });

    const r = rig({ faces: () => [] });
    const capture = new EnrolCapture(r.deps, (p) => {
      r.progress.push(p);
      if (r.progress.length === 5) capture.stop();
    });
    expect(await capture.run()).toEqual({ ok: false, code: null });
    expect(r.progress).toHaveLength(5);
    expect(r.progress[0]).toEqual({ state: 'guiding', code: 'FACE_NOT_FOUND', captured: 0 });
  });
});
