import { describe, expect, it } from 'vitest';
import type { Code } from '../../../electron/common/codes';
import type {
  ConfirmLivenessRequest,
  KioskInfo,
  ReportStateRequest,
  SubmitFrameRequest,
} from '../../../electron/common/contract';
import type { Decision } from '../../../electron/common/decision';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import type { FaceObservation } from '../../../electron/common/vision/face-observation';
import { defaultSettings } from '../../../electron/common/settings';
import { KioskLoop, type LoopDeps } from '../../../renderer/src/kiosk-loop';
import { face, moved } from './vision/observations';

// Overlapped verify in the loop, with main played by a fake that behaves as kiosk-services does: a
// 'pending' frame is answered only after confirmLiveness, and only a live verdict grants.

const GRANT: Decision = {
  attemptId: 1,
  decision: 'granted',
  code: 'OK',
  online: true,
  doorOpened: true,
  latencyMs: 5,
};

interface Scene {
  /** The faces of frame n (0-based). */
  faces(n: number): FaceObservation[];
  overlapVerify: boolean;
}

function rig(scene: Scene) {
  const s = defaultSettings();
  const info: KioskInfo = {
    version: 't',
    gate: s.gate,
    resultDisplayMs: 500,
    capture: { ...s.capture, overlapVerify: scene.overlapVerify },
    // Six frames of watching at most, no wall-clock floor: the unit under test is the loop, not liveness.
    liveness: { ...s.liveness, enabled: true, windowFrames: 6, minLiveMs: 0 },
    relay: { fitted: false, connected: false, detail: '' },
    language: 'en',
    configFault: null,
  };
  const log = {
    submitted: [] as Array<{ frame: number; liveness: SubmitFrameRequest['meta']['liveness'] }>,
    confirmed: [] as Array<{ frame: number; verdict: ConfirmLivenessRequest }>,
    reports: [] as ReportStateRequest[],
    shown: [] as string[],
    decisions: [] as Decision[],
  };
  let frameNo = 0;
  let waiting: ((verdict: ConfirmLivenessRequest) => void) | null = null;
  const kiosk = {
    submitFrame: async (request: SubmitFrameRequest) => {
      log.submitted.push({ frame: frameNo, liveness: request.meta.liveness });
      if (request.meta.liveness !== 'pending') return { ok: true, value: GRANT };
      const verdict = await new Promise<ConfirmLivenessRequest>((resolve) => (waiting = resolve));
      const value: Decision = verdict.live
        ? GRANT
        : { ...GRANT, decision: 'denied', code: verdict.code ?? 'LIVENESS_FAILED', doorOpened: false };
      return { ok: true, value };
    },
    confirmLiveness: async (verdict: ConfirmLivenessRequest) => {
      log.confirmed.push({ frame: frameNo, verdict });
      waiting?.(verdict);
      waiting = null;
      return { ok: true, value: null };
    },
    reportState: async (request: ReportStateRequest) => {
      log.reports.push(request);
      return { ok: true, value: null };
    },
    getKioskInfo: async () => ({ ok: true, value: info }),
    on: () => () => {},
  } as unknown as KioskApi;
  let clock = 0;
  const deps: LoopDeps = {
    kiosk,
    info,
    detect: async () => scene.faces(frameNo),
    frameSize: () => ({ width: 640, height: 480 }),
    // Textured and different every frame: light and blur pass, and the camera is not frozen.
    pixels: () => {
      const data = new Uint8Array(640 * 480 * 4);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7919 + frameNo * 13) % 251;
      return { data, width: 640, height: 480, channels: 4 };
    },
    keepFrame: () => {},
    encodeKept: async () => new Uint8Array([0xff, 0xd8, 0xff]),
    show: (state, code) => void log.shown.push(`${state}:${code ?? ''}`),
    showDecision: (decision) => void log.decisions.push(decision),
    nextFrame: async () => {
      frameNo += 1;
      clock += 66;
      await new Promise((resolve) => setImmediate(resolve));
    },
    sleep: () => new Promise((resolve) => setImmediate(resolve)),
    now: () => clock,
  };
  const loop = new KioskLoop(deps);
  /** Runs until the first decision is shown (or `frames` camera frames), then stops the loop. */
  const untilDecision = async (frames = 200) => {
    const running = loop.run();
    while (frameNo < frames && log.decisions.length === 0) await new Promise((r) => setTimeout(r, 1));
    loop.stop();
    await running;
    return log;
  };
  return { untilDecision };
}

const base = face(200, 100, 240, 240, { detectorScore: 0.9, eyeDistancePx: 90 });
/** A live visitor: the face sways by two pixels from frame to frame. */
const swaying = (n: number) => [moved(base, n % 2 ? 2 : -2, n % 3 ? 1 : -1)];
/** A photo held still: the same landmarks every frame (the pixels still change, so it is not frozen). */
const still = () => [base];

describe('KioskLoop with overlapped verify', () => {
  it('sends the best frame as soon as the gate holds it, before liveness decides, then confirms live', async () => {
    const log = await rig({ faces: swaying, overlapVerify: true }).untilDecision();
    expect(log.submitted).toHaveLength(1);
    expect(log.submitted[0]!.liveness).toBe('pending');
    expect(log.confirmed).toHaveLength(1);
    expect(log.confirmed[0]!.verdict).toEqual({ live: true });
    // Sent while liveness still watched: the verdict came frames after the frame went.
    expect(log.confirmed[0]!.frame).toBeGreaterThan(log.submitted[0]!.frame);
    expect(log.decisions.map((d) => d.decision)).toEqual(['granted']);
  });

  it('a face that does not move: the frame went, liveness says no, the door stays shut', async () => {
    const log = await rig({ faces: still, overlapVerify: true }).untilDecision();
    expect(log.submitted).toEqual([expect.objectContaining({ liveness: 'pending' })]);
    expect(log.confirmed.map((c) => c.verdict)).toEqual([
      { live: false, code: 'LIVENESS_FAILED', detail: 'no motion' },
    ]);
    expect(log.decisions).toEqual([
      expect.objectContaining({ decision: 'denied', code: 'LIVENESS_FAILED', doorOpened: false }),
    ]);
  });

  it('a face that leaves while liveness watches is not live', async () => {
    const log = await rig({ faces: (n) => (n < 4 ? swaying(n) : []), overlapVerify: true }).untilDecision();
    expect(log.submitted).toHaveLength(1);
    expect(log.confirmed.map((c) => c.verdict)).toEqual([
      { live: false, code: 'LIVENESS_FAILED', detail: 'the face left before liveness decided' },
    ]);
    expect(log.decisions[0]).toMatchObject({ decision: 'denied' });
  });

  it('without overlap the frame goes only after liveness passed, and no verdict is sent', async () => {
    const log = await rig({ faces: swaying, overlapVerify: false }).untilDecision();
    expect(log.submitted).toEqual([expect.objectContaining({ liveness: undefined })]);
    expect(log.confirmed).toEqual([]);
    expect(log.decisions.map((d) => d.decision)).toEqual(['granted']);
  });

  it('a detection under the score threshold is nobody there: searching on screen, the raw code in the log', async () => {
    const weak = () => [face(200, 100, 240, 240, { detectorScore: 0.3, eyeDistancePx: 90 })];
    const log = await rig({ faces: weak, overlapVerify: true }).untilDecision(40);
    expect(log.submitted).toEqual([]);
    const shownCodes = log.reports.filter((s) => s.shown).map((s) => s.code as Code | undefined);
    expect(shownCodes).not.toContain('LOW_DETECTION_SCORE');
    expect(log.shown.every((s) => s.startsWith('searching:'))).toBe(true);
    expect(log.reports).toContainEqual({ state: 'searching', code: 'LOW_DETECTION_SCORE' });
  });
});
