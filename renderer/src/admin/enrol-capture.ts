import type { Code } from '../../../electron/common/codes';
import type { ImageMime, KioskInfo } from '../../../electron/common/contract';
import { frameFingerprint, measureQuality, type Pixels } from '../../../electron/common/vision/image-quality';
import { LivenessAccumulator, type LivenessConfig } from '../../../electron/common/vision/liveness';
import { cropAround } from '../kiosk-loop';
import { BestFrameTracker, frameQuality } from '../vision/best-frame';
import { gateFrame, type DetectedFace, type FrameSize } from '../vision/gate';

/**
 * Captures the few frames of an enrolment the way the door takes a login's frame (kiosk-loop.ts):
 * every camera frame goes through the same quality gate and the same liveness watch, a run of
 * framesToHold passing frames gives its best one, cropped around the face as for a login and
 * encoded in the kiosk's image format. So a person is enrolled from pictures like the ones the
 * door will later compare, and a photo held up to the camera enrols nobody.
 */

export interface CaptureDeps {
  info: Pick<KioskInfo, 'gate' | 'liveness' | 'capture'>;
  /** Human on the preview's current frame. */
  detect(): Promise<DetectedFace[]>;
  frameSize(): FrameSize;
  pixels(): Pixels;
  /** Copies the current frame as the best of the run so far. */
  keepFrame(): void;
  /** Encodes the kept frame, cropped to region, in the kiosk's format. */
  encodeKept(region: readonly [number, number, number, number]): Promise<Uint8Array>;
  nextFrame(): Promise<void>;
  now(): number;
}

export interface CaptureOptions {
  /** Frames to capture (the enrolment's templates). */
  frames: number;
  /** Give up after this long without all of them (the person is not where the camera needs them). */
  timeoutMs: number;
  /** At least this long between two captured frames, so they are not three copies of one moment. */
  gapMs: number;
}

export type CaptureProgress =
  /** What the person should do ('guiding', with the gate's code) or that good frames are being held. */
  | { state: 'guiding'; code: Code; captured: number }
  | { state: 'holding'; captured: number }
  | { state: 'captured'; captured: number };

export type CaptureResult =
  | { ok: true; frames: Array<{ image: Uint8Array; mime: ImageMime }> }
  /** LIVENESS_FAILED, CAMERA_FROZEN, FAILED_TO_WRITE_IMAGE; on timeout the last guidance (or PLEASE_TRY_AGAIN); stopped: null. */
  | { ok: false; code: Code | null };

export const DEFAULT_CAPTURE: CaptureOptions = { frames: 3, timeoutMs: 30_000, gapMs: 400 };

export class EnrolCapture {
  private stopped = false;
  private readonly tracker: BestFrameTracker<number>;
  private readonly liveness: LivenessAccumulator | null;

  constructor(
    private readonly deps: CaptureDeps,
    private readonly onProgress: (progress: CaptureProgress) => void,
    private readonly options: CaptureOptions = DEFAULT_CAPTURE,
  ) {
    this.tracker = new BestFrameTracker(deps.info.gate.framesToHold);
    const live = deps.info.liveness as unknown as LivenessConfig & { enabled: boolean };
    this.liveness = live.enabled ? new LivenessAccumulator(live, deps.now) : null;
  }

  stop(): void {
    this.stopped = true;
  }

  async run(): Promise<CaptureResult> {
    const { deps, options } = this;
    const frames: Array<{ image: Uint8Array; mime: ImageMime }> = [];
    const mime: ImageMime = deps.info.capture.imageFormat === 'png' ? 'image/png' : 'image/jpeg';
    const started = deps.now();
    let lastCapture = -Infinity;
    let lastCode: Code = 'PLEASE_TRY_AGAIN';
    let frameNo = 0;
    const report = (progress: CaptureProgress) => this.onProgress(progress);

    while (frames.length < options.frames) {
      if (this.stopped) return { ok: false, code: null };
      if (deps.now() - started > options.timeoutMs) return { ok: false, code: lastCode };
      await deps.nextFrame();
      frameNo += 1;
      const faces = await deps.detect();
      if (this.stopped) return { ok: false, code: null };
      const size = deps.frameSize();
      const pixels = deps.pixels();
      if (faces.length === 0) {
        this.tracker.reset();
        this.liveness?.add(null, frameFingerprint(pixels), deps.now());
        lastCode = 'FACE_NOT_FOUND';
        report({ state: 'guiding', code: lastCode, captured: frames.length });
        continue;
      }
      let sharpness: number | null = null;
      const verdict = gateFrame(faces, size, deps.info.gate, (face) => {
        const q = measureQuality(pixels, face);
        sharpness = q?.sharpness ?? null;
        return q;
      });
      const live = this.liveness?.add(verdict.face ?? null, frameFingerprint(pixels), deps.now());
      // A stuck camera or a face that is not alive ends the capture: the operator sees why and starts again.
      if (live?.state === 'frozen') return { ok: false, code: 'CAMERA_FROZEN' };
      if (!verdict.pass) {
        this.tracker.reset();
        lastCode = verdict.code;
        report({ state: 'guiding', code: lastCode, captured: frames.length });
        continue;
      }
      if (live?.state === 'failed') return { ok: false, code: 'LIVENESS_FAILED' };
      if (this.tracker.offer(frameNo, verdict.face, frameQuality(verdict.face, sharpness))) deps.keepFrame();
      const spaced = deps.now() - lastCapture >= options.gapMs;
      if (!this.tracker.ready || (live && live.state !== 'live') || !spaced) {
        report({ state: 'holding', captured: frames.length });
        continue;
      }
      const chosen = this.tracker.take()!;
      try {
        frames.push({ image: await deps.encodeKept(cropAround(chosen.face.box, size)), mime });
      } catch {
        return { ok: false, code: 'FAILED_TO_WRITE_IMAGE' };
      }
      lastCapture = deps.now();
      report({ state: 'captured', captured: frames.length });
    }
    return { ok: true, frames };
  }
}
