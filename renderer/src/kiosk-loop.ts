import type { Code } from '../../electron/common/codes';
import type { FrameMeta, KioskInfo, KioskState } from '../../electron/common/contract';
import type { Decision } from '../../electron/common/decision';
import type { KioskApi } from '../../electron/common/kiosk-api';
import { BestFrameTracker } from './vision/best-frame';
import { gateFrame, type DetectedFace, type FrameSize } from './vision/gate';

export interface LoopDeps {
  kiosk: KioskApi;
  info: KioskInfo;
  /** Runs the detector on the current camera frame. */
  detect(): Promise<DetectedFace[]>;
  frameSize(): FrameSize;
  /** Copies the current camera frame's pixels as the best so far. */
  keepFrame(): void;
  encodeKept(): Promise<Uint8Array>;
  show(state: KioskState, code?: Code): void;
  showDecision(decision: Decision): void;
  nextFrame(): Promise<void>;
  sleep(ms: number): Promise<void>;
}

/**
 * The kiosk's camera loop: detect, gate, hold the best of a run of good frames, send it, show the
 * decision, start over. State changes (not every frame) are reported to main for the operator log.
 */
export class KioskLoop {
  private running = false;
  private lastReported = '';
  private readonly tracker: BestFrameTracker<number>;
  private frameNo = 0;

  constructor(private readonly deps: LoopDeps) {
    this.tracker = new BestFrameTracker(deps.info.gate.framesToHold);
  }

  async run(): Promise<void> {
    this.running = true;
    this.enter('searching');
    while (this.running) {
      await this.deps.nextFrame();
      await this.step();
    }
  }

  stop(): void {
    this.running = false;
  }

  private async step(): Promise<void> {
    this.frameNo += 1;
    performance.mark('facegate:detect-start');
    const faces = await this.deps.detect();
    performance.measure('facegate:detect', 'facegate:detect-start');
    const verdict = gateFrame(faces, this.deps.frameSize(), this.deps.info.gate);
    if (!verdict.pass) {
      this.tracker.reset();
      this.enter(verdict.code === 'FACE_NOT_FOUND' ? 'searching' : 'guiding', verdict.code);
      return;
    }
    if (this.tracker.offer(this.frameNo, verdict.face)) this.deps.keepFrame();
    if (!this.tracker.ready) {
      this.enter('holding');
      return;
    }
    const chosen = this.tracker.take()!;
    await this.submit(chosen.face, chosen.framesConsidered);
  }

  private async submit(face: DetectedFace, framesConsidered: number): Promise<void> {
    this.enter('verifying');
    const size = this.deps.frameSize();
    const meta: FrameMeta = {
      faceScore: Math.min(1, Math.max(0, face.score)),
      faceBox: [...face.box],
      frameWidth: size.width,
      frameHeight: size.height,
      framesConsidered,
    };
    const image = await this.deps.encodeKept();
    const answer = await this.deps.kiosk.submitFrame({ image, mime: 'image/jpeg', meta });
    if (answer.ok) {
      this.deps.showDecision(answer.value);
      this.report('result', answer.value.code, `${answer.value.decision} attempt ${answer.value.attemptId}`);
    } else if (answer.code === 'COOLDOWN') {
      // Main is still in the cooldown of the previous attempt: nothing was decided, look again shortly.
      await this.deps.sleep(500);
      this.enter('searching');
      return;
    } else {
      this.deps.show('fault', answer.code);
      this.report('fault', answer.code, answer.message);
    }
    await this.deps.sleep(this.deps.info.resultDisplayMs);
    this.enter('searching');
  }

  private enter(state: KioskState, code?: Code): void {
    const key = `${state}:${code ?? ''}`;
    if (key === this.lastReported) return;
    this.deps.show(state, code);
    this.report(state, code);
  }

  private report(state: KioskState, code?: Code, detail?: string): void {
    this.lastReported = `${state}:${code ?? ''}`;
    void this.deps.kiosk.reportState({ state, ...(code && { code }), ...(detail && { detail }) });
  }
}
