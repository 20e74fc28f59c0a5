import type { DetectedFace } from './gate';

/**
 * How good a passing frame is to send: the detector's confidence, how frontal the face is, and how
 * sharp (FACEKI refuses blur and large angles), with the face's size breaking ties.
 */
export function frameQuality(face: DetectedFace, sharpness: number | null): number {
  const angle = Math.max(Math.abs(face.yaw ?? 0), Math.abs(face.pitch ?? 0));
  const frontal = 1 - Math.min(1, angle / 45);
  const sharp = sharpness === null ? 0.5 : Math.min(1, sharpness / 500);
  return face.detectorScore + 0.5 * frontal + 0.5 * sharp + (face.box[2] * face.box[3]) / 1e9;
}

/**
 * Picks the frame to send from a run of consecutive frames that passed the gate: the sharpest, most
 * frontal, most confidently detected one (frameQuality). A failing frame ends the run, so a person
 * who turns away starts over. Pure bookkeeping: the caller keeps the pixels of the current best.
 */
export class BestFrameTracker<F> {
  private best: { frame: F; face: DetectedFace; quality: number } | null = null;
  private run = 0;

  constructor(private readonly framesToHold: number) {}

  /** Offers a passing frame; returns true when it became the best so far (the caller keeps its pixels). */
  offer(frame: F, face: DetectedFace, quality = frameQuality(face, null)): boolean {
    this.run += 1;
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
