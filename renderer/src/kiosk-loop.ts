import type { Code } from '../../electron/common/codes';
import type { ConfirmLivenessRequest, FrameMeta, KioskInfo, KioskState } from '../../electron/common/contract';
import type { Decision } from '../../electron/common/decision';
import type { KioskApi } from '../../electron/common/kiosk-api';
import { frameFingerprint, measureQuality, type Pixels } from '../../electron/common/vision/image-quality';
import { LivenessAccumulator, type LivenessConfig } from '../../electron/common/vision/liveness';
import { SteadyGuidance } from './steady-guidance';
import { BestFrameTracker, frameQuality } from './vision/best-frame';
import { gateFrame, type DetectedFace, type FrameSize } from './vision/gate';

/** 'idle': nobody in view, detector only, a few times a second. 'active': a face, the full pipeline. */
export type DetectMode = 'idle' | 'active';

export interface LoopDeps {
  kiosk: KioskApi;
  info: KioskInfo;
  /** Runs Human on the current camera frame. */
  detect(mode: DetectMode): Promise<DetectedFace[]>;
  frameSize(): FrameSize;
  /** The current camera frame's pixels (RGBA), for light, blur and the frozen-camera check. */
  pixels(): Pixels;
  /** Copies the current camera frame's pixels as the best so far. */
  keepFrame(): void;
  /** Encodes the kept frame, cropped to region (frame pixels), in the configured format. */
  encodeKept(region: readonly [number, number, number, number]): Promise<Uint8Array>;
  /** Puts a state on screen; the loop calls it only for what steady guidance lets through. */
  show(state: KioskState, code?: Code): void;
  showDecision(decision: Decision): void;
  nextFrame(): Promise<void>;
  sleep(ms: number): Promise<void>;
  now(): number;
}

/** With nobody in view for this many frames, the loop slows down to the idle pace. */
const IDLE_AFTER_FRAMES = 10;
const IDLE_INTERVAL_MS = 250;
/** Performance entries kept at most (two per frame), far more than any test or bench reads. */
const TIMELINE_FRAMES = 20_000;
/** After a decision, this many frames without a face mean the person has left. */
const LEFT_AFTER_FRAMES = 3;
/** Server-side picture problems: the person may try again at once rather than leave first. */
const RETRY_CODES = new Set<Code>([
  'FACE_TOO_CLOSE',
  'FACE_TOO_SMALL',
  'FACE_CLOSE_TO_BORDER',
  'FACE_CROPPED',
  'FACE_NOT_FOUND',
  'FACE_ANGLE_TOO_LARGE',
  'POOR_LIGHT',
  'FACE_BLUR',
  'PLEASE_TRY_AGAIN',
  'TOO_MANY_FACES',
  'COOLDOWN',
]);

/** FACEKI wants at least 15 px around the face; send half the face box again on every side. */
export function cropAround(
  box: readonly [number, number, number, number],
  frame: FrameSize,
): [number, number, number, number] {
  const [x, y, w, h] = box;
  const left = Math.max(0, Math.floor(x - w / 2));
  const top = Math.max(0, Math.floor(y - h / 2));
  const right = Math.min(frame.width, Math.ceil(x + w * 1.5));
  const bottom = Math.min(frame.height, Math.ceil(y + h * 1.5));
  return [left, top, right - left, bottom - top];
}

/**
 * The kiosk's camera loop: detect, gate, watch liveness over frames, hold the best of a run of good
 * frames, send it once, show the decision, wait for the person to leave, start over. State changes
 * (not every frame) are reported to main for the operator log; what the visitor sees goes through
 * SteadyGuidance, so a poor picture does not make the screen flicker between messages.
 *
 * Overlapped verify (info.capture.overlapVerify): when the gate has its best frame but liveness is
 * still watching, the frame goes to main at once and the loop keeps feeding liveness; its verdict is
 * sent with confirmLiveness, and main opens the door only on a grant AND a live verdict. One frame per
 * visit: a better frame later does not send a second one.
 */
export class KioskLoop {
  private running = false;
  private lastReported = '';
  private readonly guidance = new SteadyGuidance();
  private readonly tracker: BestFrameTracker<number>;
  private readonly liveness: LivenessAccumulator | null;
  private frameNo = 0;
  private emptyFrames = 0;
  private awaitingLeave = false;

  constructor(private readonly deps: LoopDeps) {
    this.tracker = new BestFrameTracker(deps.info.gate.framesToHold);
    const live = deps.info.liveness as unknown as LivenessConfig & { enabled: boolean };
    this.liveness = live.enabled ? new LivenessAccumulator(live, deps.now) : null;
  }

  async run(): Promise<void> {
    this.running = true;
    this.enter('searching');
    while (this.running) {
      if (this.mode === 'idle') await this.deps.sleep(IDLE_INTERVAL_MS);
      else await this.deps.nextFrame();
      await this.step();
    }
  }

  stop(): void {
    this.running = false;
  }

  /** Idle economy: nobody in view (or the last person is on their way out), detector only, slowly. */
  get mode(): DetectMode {
    return this.emptyFrames >= IDLE_AFTER_FRAMES ? 'idle' : 'active';
  }

  private async step(): Promise<void> {
    this.frameNo += 1;
    // The per-frame marks and measures feed the tests and the bench; a kiosk runs for months, so
    // the browser's timeline buffer is emptied now and then instead of growing by a million a day.
    if (this.frameNo % TIMELINE_FRAMES === 0) {
      performance.clearMarks();
      performance.clearMeasures();
    }
    const mode = this.mode;
    performance.mark('facegate:detect-start');
    const faces = await this.deps.detect(mode);
    performance.measure(mode === 'idle' ? 'facegate:detect-idle' : 'facegate:detect', 'facegate:detect-start');
    this.emptyFrames = faces.length === 0 ? this.emptyFrames + 1 : 0;
    if (this.awaitingLeave) {
      // Decided already: keep guiding (so someone stepping too close hears it) but send nothing
      // until this person has left the frame.
      if (this.emptyFrames >= LEFT_AFTER_FRAMES) this.awaitingLeave = false;
      else if (faces.length > 0) {
        const again = gateFrame(faces, this.deps.frameSize(), this.deps.info.gate);
        this.enter(again.pass ? 'searching' : 'guiding', again.pass ? undefined : again.code);
      }
      return;
    }
    if (faces.length === 0 || mode === 'idle') {
      this.tracker.reset();
      this.liveness?.reset();
      if (faces.length === 0) this.enter('searching', 'FACE_NOT_FOUND');
      return;
    }
    const size = this.deps.frameSize();
    const pixels = this.deps.pixels();
    let sharpness: number | null = null;
    const verdict = gateFrame(faces, size, this.deps.info.gate, (face) => {
      const q = measureQuality(pixels, face);
      sharpness = q?.sharpness ?? null;
      return q;
    });
    const live = this.liveness?.add(verdict.face ?? null, frameFingerprint(pixels), this.deps.now());
    if (live?.state === 'frozen') {
      // Identical frames: the camera is stuck, not a face. Nothing is sent; the operator is told.
      this.tracker.reset();
      this.enter('fault', 'CAMERA_FROZEN');
      return;
    }
    if (!verdict.pass) {
      this.tracker.reset();
      // A detection the gate does not trust is nobody there, not a problem to guide the visitor about;
      // the raw code stays in the operator log.
      if (verdict.code === 'LOW_DETECTION_SCORE') this.enter('searching', verdict.code, 'FACE_NOT_FOUND');
      else this.enter('guiding', verdict.code);
      return;
    }
    if (live?.state === 'failed') {
      this.tracker.reset();
      this.enter('guiding', 'LIVENESS_FAILED');
      return;
    }
    if (this.tracker.offer(this.frameNo, verdict.face, frameQuality(verdict.face, sharpness))) this.deps.keepFrame();
    const overlap = this.deps.info.capture.overlapVerify && live?.state === 'collecting';
    // Overlapped, the first passing frame goes at once: liveness watches on and the door waits for it
    // anyway, so holding more frames would only hold the verifier back. Otherwise the best of
    // gate.framesToHold passing frames goes once liveness has passed.
    const ready = overlap ? this.tracker.held > 0 : this.tracker.ready;
    if (!ready || (live && live.state !== 'live' && !overlap)) {
      this.enter('holding');
      return;
    }
    const chosen = this.tracker.take()!;
    if (overlap) {
      await this.submitOverlapped(chosen.face, chosen.framesConsidered);
      return;
    }
    this.liveness?.reset();
    await this.submit(chosen.face, chosen.framesConsidered);
  }

  private async submit(face: DetectedFace, framesConsidered: number): Promise<void> {
    this.enter('verifying');
    const frame = await this.encode(face, framesConsidered);
    if (!frame) return;
    await this.handleAnswer(await this.deps.kiosk.submitFrame(frame));
  }

  /** The best frame goes now, while liveness goes on watching; its verdict follows with confirmLiveness. */
  private async submitOverlapped(face: DetectedFace, framesConsidered: number): Promise<void> {
    this.enter('verifying');
    const frame = await this.encode(face, framesConsidered);
    if (!frame) {
      this.liveness?.reset();
      return;
    }
    let answeredYet = false;
    const answer = this.deps.kiosk.submitFrame({ ...frame, meta: { ...frame.meta, liveness: 'pending' } });
    void answer.finally(() => (answeredYet = true));
    const verdict = await this.watchLiveness(() => answeredYet);
    this.liveness?.reset();
    // Main answers early only when it refused the frame (a cooldown, say): then nothing waits for a verdict.
    if (verdict && !answeredYet) void this.deps.kiosk.confirmLiveness(verdict);
    await this.handleAnswer(await answer);
  }

  /**
   * Feeds liveness frame by frame until it decides, the face leaves, or main has answered already.
   * Returns the verdict for main, or null when main answered first.
   */
  private async watchLiveness(answered: () => boolean): Promise<ConfirmLivenessRequest | null> {
    let empty = 0;
    while (this.running && !answered()) {
      await this.deps.nextFrame();
      if (answered()) return null;
      this.frameNo += 1;
      const faces = await this.deps.detect('active');
      const pixels = this.deps.pixels();
      empty = faces.length === 0 ? empty + 1 : 0;
      if (empty >= LEFT_AFTER_FRAMES)
        return { live: false, code: 'LIVENESS_FAILED', detail: 'the face left before liveness decided' };
      const verdict = faces.length > 0 ? gateFrame(faces, this.deps.frameSize(), this.deps.info.gate) : null;
      const live = this.liveness!.add(verdict?.face ?? null, frameFingerprint(pixels), this.deps.now());
      if (live.state === 'live') return { live: true };
      if (live.state === 'frozen') return { live: false, code: 'CAMERA_FROZEN', detail: 'identical frames' };
      if (live.state === 'failed') {
        return { live: false, code: 'LIVENESS_FAILED', ...(live.measures.reason && { detail: live.measures.reason }) };
      }
    }
    return this.running ? null : { live: false, code: 'LIVENESS_FAILED', detail: 'the kiosk loop stopped' };
  }

  /** The kept frame, cropped and encoded, with its meta; null (and the fault shown) when encoding failed. */
  private async encode(
    face: DetectedFace,
    framesConsidered: number,
  ): Promise<{ image: Uint8Array; mime: 'image/png' | 'image/jpeg'; meta: FrameMeta } | null> {
    const region = cropAround(face.box, this.deps.frameSize());
    const meta: FrameMeta = {
      faceScore: Math.min(1, Math.max(0, face.detectorScore)),
      faceBox: [face.box[0] - region[0], face.box[1] - region[1], face.box[2], face.box[3]],
      frameWidth: region[2],
      frameHeight: region[3],
      framesConsidered,
    };
    let image: Uint8Array;
    try {
      image = await this.deps.encodeKept(region);
    } catch (error) {
      this.showNow('fault', 'FAILED_TO_WRITE_IMAGE');
      this.report('fault', 'FAILED_TO_WRITE_IMAGE', String(error));
      await this.deps.sleep(this.deps.info.resultDisplayMs);
      this.enter('searching');
      return null;
    }
    const mime = this.deps.info.capture.imageFormat === 'png' ? 'image/png' : 'image/jpeg';
    return { image, mime, meta };
  }

  private async handleAnswer(answer: Awaited<ReturnType<KioskApi['submitFrame']>>): Promise<void> {
    if (answer.ok) {
      this.guidance.reset();
      this.deps.showDecision(answer.value);
      this.report('result', answer.value.code, `${answer.value.decision} attempt ${answer.value.attemptId}`);
      // One attempt per visit: the next one waits for this person to leave, unless they were only
      // asked to fix their picture.
      this.awaitingLeave = !RETRY_CODES.has(answer.value.code);
    } else if (answer.code === 'COOLDOWN') {
      // Main is still in the cooldown of the previous attempt: nothing was decided, look again shortly.
      await this.deps.sleep(500);
      this.enter('searching');
      return;
    } else {
      this.showNow('fault', answer.code);
      this.report('fault', answer.code, answer.message);
    }
    this.emptyFrames = 0;
    await this.deps.sleep(this.deps.info.resultDisplayMs);
    this.enter('searching');
  }

  /**
   * This frame's state: reported raw to main when it changed (the operator log and `simulate --json`
   * keep every change), and offered to SteadyGuidance, which decides whether the screen changes.
   * screenCode: what the visitor may be told when it differs from the raw code.
   */
  private enter(state: KioskState, code?: Code, screenCode: Code | undefined = code): void {
    if (`${state}:${code ?? ''}` !== this.lastReported) this.report(state, code);
    const shown = this.guidance.offer(state, screenCode, this.deps.now());
    if (shown) this.display(shown.state, shown.code);
  }

  /** A fault is shown at once, whatever was on screen. */
  private showNow(state: KioskState, code: Code): void {
    this.guidance.reset();
    const shown = this.guidance.offer(state, code, this.deps.now());
    this.display(shown?.state ?? state, shown?.code ?? code);
  }

  private display(state: KioskState, code?: Code): void {
    this.deps.show(state, code);
    void this.deps.kiosk.reportState({ state, ...(code && { code }), shown: true });
  }

  private report(state: KioskState, code?: Code, detail?: string): void {
    this.lastReported = `${state}:${code ?? ''}`;
    void this.deps.kiosk.reportState({ state, ...(code && { code }), ...(detail && { detail }) });
  }
}
