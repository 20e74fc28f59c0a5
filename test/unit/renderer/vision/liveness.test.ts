import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeHuman } from '../../../../electron/cli/human-node';
import type { FaceObservation } from '../../../../renderer/src/vision/face-observation';
import { frameFingerprint } from '../../../../renderer/src/vision/image-quality';
import {
  LivenessAccumulator,
  median,
  type LivenessConfig,
  type LivenessVerdict,
} from '../../../../renderer/src/vision/liveness';
import { humanFrame, humanFrames, type FrameRecipe, type HumanFrame } from '../../../support/human-results';
import { noisyStillRecipes, swayRecipes } from '../../../support/liveness-sequences';
import { face, livenessDefaults, moved } from './observations';

const defaults = livenessDefaults();
/** About 7 detections a second: the kiosk's rate with anti-spoofing and liveness on this machine. */
const STEP_MS = 150;

/** Feeds frames STEP_MS apart and returns every verdict. */
function feed(
  frames: readonly { face: FaceObservation | null; fingerprint: number | string }[],
  config: Partial<LivenessConfig> = {},
  live = new LivenessAccumulator({ ...defaults, ...config }),
): LivenessVerdict[] {
  return frames.map((f, i) => live.add(f.face, f.fingerprint, i * STEP_MS));
}
const fromHuman = (frames: readonly HumanFrame[]) =>
  frames.map((f) => ({ face: f.observations[0]!, fingerprint: frameFingerprint({ ...f.image, channels: 3 }) }));
const last = <T>(items: readonly T[]): T => items[items.length - 1]!;

afterAll(() => closeHuman());

describe('LivenessAccumulator on a still picture and a frozen camera', () => {
  let still: FaceObservation;
  beforeAll(async () => {
    still = (await humanFrame({ fixture: 'obama-1.jpg' })).observations[0]!;
  });

  it('fails a face that does not move (the same obama-1 observation in every frame) once the window is full', () => {
    // Fingerprints differ, as a live sensor's noise makes them: the camera works, the face is still.
    const verdicts = feed(Array.from({ length: 12 }, (_, i) => ({ face: still, fingerprint: i })));
    // 10 frames 150 ms apart span 1 350 ms: window and minLiveMs are both met at the 10th frame.
    expect(verdicts.slice(0, 9).map((v) => v.state)).toEqual(Array(9).fill('collecting'));
    expect(verdicts[9]).toMatchObject({ state: 'failed', code: 'LIVENESS_FAILED', measures: { reason: 'no motion' } });
    expect(verdicts[9]!.measures).toMatchObject({ motionPx: 0, frames: 10, antispoof: still.antispoof });
    expect(last(verdicts).state).toBe('failed');
  });

  it('keeps a failure until the face leaves, then starts over', () => {
    const live = new LivenessAccumulator(defaults);
    const verdicts = feed(
      Array.from({ length: 10 }, (_, i) => ({ face: still, fingerprint: i })),
      {},
      live,
    );
    expect(last(verdicts).state).toBe('failed');
    // Waving the photo about now does not undo it...
    expect(live.add(moved(still, 3, 0), 'x', 2_000).state).toBe('failed');
    // ...but an empty frame does.
    expect(live.add(null, 'y', 2_100)).toMatchObject({ state: 'collecting', measures: { frames: 0 } });
  });

  it('calls identical frames a frozen camera, not a spoof, and lets go when frames change again', () => {
    const live = new LivenessAccumulator(defaults);
    const verdicts = feed(
      Array.from({ length: 12 }, () => ({ face: still, fingerprint: 42 })),
      {},
      live,
    );
    expect(verdicts.slice(0, 9).every((v) => v.state === 'collecting')).toBe(true);
    expect(verdicts[9]).toMatchObject({ state: 'frozen', code: 'CAMERA_FROZEN', measures: { identicalFrames: 10 } });
    // Repeated frames add no samples: there is nothing to judge the face on.
    expect(verdicts[11]!.measures.frames).toBe(1);
    expect(live.add(still, 43, 2_000).state).toBe('collecting');
  });

  it('sees a frozen camera with nobody in front of it too', () => {
    const verdicts = feed(Array.from({ length: 10 }, () => ({ face: null, fingerprint: 7 })));
    expect(last(verdicts).state).toBe('frozen');
  });
});

describe('LivenessAccumulator on Human results of camera-like sequences', () => {
  /** obama-1 as a camera sees a person swaying: the 4:3 window shifted 1-3 px and zoomed up to 3%. */
  const sway: FrameRecipe[] = [
    [0, 0, 1],
    [1, 0, 1.01],
    [2, 1, 1.02],
    [1, 3, 1.015],
    [3, 2, 1.03],
    [0, 1, 1.02],
    [2, 3, 1.01],
    [3, 0, 1.005],
    [1, 1, 1.02],
    [2, 2, 1.03],
  ].map(([dx, dy, zoom]) => ({ fixture: 'obama-1.jpg', shift: [dx!, dy!] as const, zoom: zoom! }));
  let swaying: HumanFrame[];
  let noisyStill: HumanFrame[];
  beforeAll(async () => {
    swaying = await humanFrames(sway);
    // The same photo held still before a live sensor: Gaussian noise of 2 levels, a new draw per frame.
    noisyStill = await humanFrames(
      Array.from({ length: 10 }, (_, i) => ({ fixture: 'obama-1.jpg', noise: { sigma: 2, seed: i + 1 } })),
    );
  });

  it('calls a swaying face live, on the medians of its anti-spoofing and liveness scores', () => {
    const verdict = last(feed(fromHuman(swaying)));
    expect(verdict.state).toBe('live');
    const reals = swaying.map((f) => f.observations[0]!.antispoof!);
    const lives = swaying.map((f) => f.observations[0]!.liveness!);
    expect(verdict.measures.antispoof).toBe(median(reals));
    expect(verdict.measures.liveness).toBe(median(lives));
    // Measured: real 0.65-0.67 (median 0.66), live 0.99-1.0, motion about 1.8 px a frame.
    expect(verdict.measures.antispoof).toBeGreaterThan(0.6);
    expect(verdict.measures.liveness).toBeGreaterThan(0.9);
    expect(verdict.measures.motionPx).toBeGreaterThan(1);
  });

  it('is not swayed by one frame with a wild score (median, not mean)', () => {
    const frames = fromHuman(swaying);
    frames[4] = { ...frames[4]!, face: { ...frames[4]!.face, antispoof: 0, liveness: 0 } };
    expect(last(feed(frames)).state).toBe('live');
  });

  it('fails when the median anti-spoofing or liveness score is under its minimum', () => {
    expect(last(feed(fromHuman(swaying), { minAntispoof: 0.7 })).measures.reason).toBe('antispoof');
    const dull = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, liveness: 0.3 } }));
    expect(last(feed(dull))).toMatchObject({ state: 'failed', measures: { reason: 'liveness', liveness: 0.3 } });
  });

  it('fails without scores when they are required (models off), passes when they are not', () => {
    const bare = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, antispoof: null, liveness: null } }));
    expect(last(feed(bare)).measures.reason).toBe('antispoof');
    expect(last(feed(bare, { minAntispoof: 0, minLiveness: 0 })).state).toBe('live');
  });

  it('fails a still photo before a noisy sensor: the mesh jitters, but below the noise floor', () => {
    const verdict = last(feed(fromHuman(noisyStill)));
    expect(verdict).toMatchObject({ state: 'failed', measures: { reason: 'no motion' } });
    // Measured 0.25 px; the anti-spoofing model alone would have let it through (0.65-0.66).
    expect(verdict.measures.motionPx).toBeLessThan(defaults.minMotionPx);
    expect(verdict.measures.antispoof).toBeGreaterThan(defaults.minAntispoof);
  });

  it('does not stop a photo in a noisier picture: the floor is not a proof of life', async () => {
    // alex-lacamoire-1 under noise of 4 levels jitters by 0.7 px a frame: above the floor.
    const frames = await humanFrames(
      Array.from({ length: 10 }, (_, i) => ({ fixture: 'alex-lacamoire-1.png', noise: { sigma: 4, seed: i + 1 } })),
    );
    const verdict = last(feed(fromHuman(frames)));
    expect(verdict.measures.motionPx).toBeGreaterThan(defaults.minMotionPx);
    expect(verdict.state).toBe('live');
  });
});

describe('LivenessAccumulator rules on hand-made observations', () => {
  const start = face(200, 100, 240, 240);
  const swaying = (n: number, step = 1.5, more: (i: number) => Partial<FaceObservation> = () => ({})) =>
    Array.from({ length: n }, (_, i) => ({ face: moved(start, (i % 2) * step, 0, more(i)), fingerprint: i }));

  it('waits while the face moves fast (walking in), without failing it', () => {
    const verdict = last(feed(swaying(12, 40)));
    expect(verdict).toMatchObject({ state: 'collecting', measures: { reason: 'moving' } });
  });

  it('starts over when a box jumps (another face), and ignores repeated frames', () => {
    const live = new LivenessAccumulator(defaults);
    feed(swaying(8), {}, live);
    const other = live.add(face(20, 20, 200, 200), 'other', 1_300);
    expect(other.measures).toMatchObject({ frames: 1, elapsedMs: 0 });
    expect(live.add(face(20, 20, 200, 200), 'other', 1_400).measures.frames).toBe(1);
  });

  it('needs minLiveMs as well as a full window', () => {
    const live = new LivenessAccumulator({ ...defaults, minLiveMs: 3_000 });
    expect(feed(swaying(12), {}, live).map((v) => v.state)).not.toContain('live');
    expect(live.add(moved(start, 1.5, 0), 'late', 3_000).state).toBe('live');
  });

  it("with the 'turn' challenge: live once the yaw spans 15 degrees, failed when it never does", () => {
    const turn = { challenge: 'turn' as const };
    expect(
      last(
        feed(
          swaying(12, 1.5, (i) => ({ yaw: i * 2 })),
          turn,
        ),
      ).state,
    ).toBe('live');
    const still = feed(swaying(50), turn);
    expect(still[20]).toMatchObject({ state: 'collecting', measures: { reason: 'waiting for turn' } });
    expect(last(still)).toMatchObject({ state: 'failed', code: 'LIVENESS_FAILED', measures: { reason: 'no turn' } });
  });

  it("with the 'blink' challenge: live once the eyes shut within the window", () => {
    const blink = { challenge: 'blink' as const };
    const blinking = swaying(12, 1.5, (i) => ({ eyeOpenness: i === 9 ? 0.08 : 0.3 }));
    expect(last(feed(blinking, blink))).toMatchObject({ state: 'live' });
    expect(last(feed(swaying(12), blink)).state).toBe('collecting');
  });

  it('forgets everything on reset()', () => {
    const live = new LivenessAccumulator(defaults);
    feed(
      Array.from({ length: 10 }, () => ({ face: start, fingerprint: 1 })),
      {},
      live,
    );
    expect(live.verdict().state).toBe('frozen');
    live.reset();
    expect(live.verdict()).toMatchObject({ state: 'collecting', measures: { frames: 0, identicalFrames: 0 } });
  });
});

describe('LivenessAccumulator decides as soon as the evidence is clear (issue 12)', () => {
  let swaying: HumanFrame[];
  let bidenSwaying: HumanFrame[];
  let dimSwaying: HumanFrame[];
  /** obama-1 held still before a sensor with noise of 2 levels: 30 frames, the test above's first 10 among them. */
  let noisyStill: HumanFrame[];
  beforeAll(async () => {
    swaying = await humanFrames(swayRecipes('obama-1.jpg'));
    bidenSwaying = await humanFrames(swayRecipes('biden-1.jpg'));
    dimSwaying = await humanFrames(swayRecipes('obama-1.jpg', 0.4));
    noisyStill = await humanFrames(noisyStillRecipes('obama-1.jpg', 2, 30));
  });
  const states = (verdicts: readonly LivenessVerdict[]) => verdicts.map((v) => v.state);
  const firstLive = (verdicts: readonly LivenessVerdict[]) => verdicts.findIndex((v) => v.state === 'live') + 1;

  it('calls a swaying face live after minLiveFrames frames, not windowFrames', () => {
    expect(defaults.minLiveFrames).toBeLessThan(defaults.windowFrames);
    for (const frames of [swaying, bidenSwaying]) {
      const verdicts = feed(fromHuman(frames));
      expect(states(verdicts).slice(0, defaults.minLiveFrames - 1)).toEqual(
        Array(defaults.minLiveFrames - 1).fill('collecting'),
      );
      expect(verdicts[defaults.minLiveFrames - 1]).toMatchObject({
        state: 'live',
        measures: { frames: defaults.minLiveFrames },
      });
      // Decided on these frames' medians: real 0.55-0.67, live 0.96-1.0, 0.8-1.5 px a step.
      expect(verdicts[defaults.minLiveFrames - 1]!.measures.motionPx).toBeGreaterThan(defaults.minMotionPx * 1.5);
    }
    // The setting is the earliest frame, whatever the evidence.
    expect(firstLive(feed(fromHuman(swaying), { minLiveFrames: 7 }))).toBe(7);
  });

  it('waits for scores that are clearly over their minimum: a dim swaying face passes later', () => {
    // Dim (brightness 0.4) the liveness model scores 0.42-0.79: a median of 0.53 over the first
    // frames is too close to 0.5 to call; 0.56 over six is clear.
    const verdicts = feed(fromHuman(dimSwaying));
    expect(verdicts[defaults.minLiveFrames - 1]!.measures.liveness).toBeLessThan(defaults.minLiveness + 0.05);
    expect(states(verdicts).slice(0, 5)).toEqual(Array(5).fill('collecting'));
    expect(verdicts[5]).toMatchObject({ state: 'live', measures: { frames: 6 } });
  });

  it('never calls a still noisy photo live, at any frame count and from any first frame', () => {
    const frames = fromHuman(noisyStill);
    for (let start = 0; start + defaults.windowFrames <= frames.length; start++) {
      const verdicts = feed(frames.slice(start, start + defaults.windowFrames));
      expect(states(verdicts)).not.toContain('live');
      expect(last(verdicts)).toMatchObject({ state: 'failed', measures: { reason: 'no motion' } });
    }
    // A window as long as the sequence: 29 chances to pass early, none taken, failed at the end.
    const long = feed(frames, { windowFrames: frames.length });
    expect(states(long).slice(0, -1)).toEqual(Array(frames.length - 1).fill('collecting'));
    expect(last(long)).toMatchObject({ state: 'failed', measures: { reason: 'no motion', frames: frames.length } });
  });

  it('lets no single lucky frame pass: not before minLiveFrames, not one odd frame among still ones', () => {
    // Fewer frames than minLiveFrames are never judged, however clear they look.
    for (let n = 1; n < defaults.minLiveFrames; n++) {
      expect(last(feed(fromHuman(swaying).slice(0, n))).state).toBe('collecting');
    }
    // One frame of the sway (the photo jolted, or the mesh glitching) put anywhere among 10 frames of
    // the still photo: it makes two large steps, in and out, and the evidence must stand without it.
    const still = fromHuman(noisyStill);
    const odd = fromHuman(swaying);
    let runs = 0;
    for (let start = 0; start + 10 <= still.length; start++) {
      for (let at = 0; at < 10; at++) {
        for (const jolt of odd.slice(1)) {
          const frames = still.slice(start, start + 10);
          // -1: a fingerprint no real frame has (they are unsigned), so the odd frame is never a repeat.
          frames.splice(at, 0, { ...jolt, fingerprint: -1 });
          expect(states(feed(frames))).not.toContain('live');
          runs += 1;
        }
      }
    }
    expect(runs).toBe(21 * 10 * 9);
    // With minLiveFrames 3 the same single frame still cannot pass on its own: the other two must move.
    const photo = Array.from({ length: 3 }, (_, i) => ({ face: still[0]!.face, fingerprint: i }));
    photo[1] = { ...odd[4]!, fingerprint: -1 };
    expect(states(feed(photo, { minLiveFrames: 3 }))).toEqual(['collecting', 'collecting', 'collecting']);
  });

  it('keeps minLiveMs as a wall-clock floor when it is set', () => {
    // 150 ms a frame: 600 ms is reached at the 5th frame, one after minLiveFrames.
    const verdicts = feed(fromHuman(swaying), { minLiveMs: 600 });
    expect(firstLive(verdicts)).toBe(5);
    expect(verdicts[4]!.measures.elapsedMs).toBe(600);
    // ...for a failure as well.
    const dull = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, liveness: 0.3 } }));
    expect(states(feed(dull, { minLiveMs: 600 })).indexOf('failed')).toBe(4);
  });

  it('fails early when the scores are clearly under their minimum, otherwise at the full window', () => {
    const dull = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, liveness: 0.3 } }));
    const verdicts = feed(dull);
    expect(states(verdicts).slice(0, defaults.minLiveFrames - 1)).not.toContain('failed');
    expect(verdicts[defaults.minLiveFrames - 1]).toMatchObject({
      state: 'failed',
      code: 'LIVENESS_FAILED',
      measures: { reason: 'liveness', frames: defaults.minLiveFrames },
    });
    // Models off while required: nothing to wait for.
    const bare = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, antispoof: null, liveness: null } }));
    expect(states(feed(bare)).indexOf('failed')).toBe(defaults.minLiveFrames - 1);
    // A median of 0.66 against a minimum of 0.7 is within the margin: judged on the full window.
    const close = feed(fromHuman(swaying), { minAntispoof: 0.7 });
    expect(states(close).indexOf('failed')).toBe(defaults.windowFrames - 1);
    expect(last(close).measures.reason).toBe('antispoof');
    // Stillness is never failed early (someone may stand still before they sway): the window judges it.
    const frozenFace = Array.from({ length: 10 }, (_, i) => ({ face: swaying[0]!.observations[0]!, fingerprint: i }));
    expect(states(feed(frozenFace)).indexOf('failed')).toBe(defaults.windowFrames - 1);
  });

  it('decides exactly as before when minLiveFrames equals windowFrames', () => {
    const old = { minLiveFrames: defaults.windowFrames, minLiveMs: 1_000 };
    expect(firstLive(feed(fromHuman(swaying), old))).toBe(10);
    const dull = fromHuman(swaying).map((f) => ({ ...f, face: { ...f.face, liveness: 0.3 } }));
    expect(states(feed(dull, old)).indexOf('failed')).toBe(9);
  });
});
