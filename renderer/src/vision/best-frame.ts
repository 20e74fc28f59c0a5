import type { DetectedFace } from './gate';

/**
 * Picks the frame to send from a run of consecutive frames that passed the gate: the one whose face
 * the detector was surest of, larger faces breaking ties. A failing frame ends the run, so a person
 * who turns away starts over. Pure bookkeeping: the caller keeps the pixels of the current best.
 */
export class BestFrameTracker<F> {
  private best: { frame: F; face: DetectedFace; quality: number } | null = null;
  private run = 0;

  constructor(private readonly framesToHold: number) {}

  /** Offers a passing frame; returns true when it became the best so far (the caller keeps its pixels). */
  offer(frame: F, face: DetectedFace): boolean {
    this.run += 1;
    const quality = face.score + (face.box[2] * face.box[3]) / 1e9;
    if (this.best && quality <= this.best.quality) return false;
    this.best = { frame, face, quality };
    return true;
  }

  /** A frame failed the gate: the run is over. */
  reset(): void {
    this.best = null;
    this.run = 0;
  }

  get held(): number {
    return this.run;
  }

  get ready(): boolean {
    return this.run >= this.framesToHold && this.best !== null;
  }

  take(): { frame: F; face: DetectedFace; framesConsidered: number } | null {
    if (!this.best) return null;
    const taken = { frame: this.best.frame, face: this.best.face, framesConsidered: this.run };
    this.reset();
    return taken;
  }
}
