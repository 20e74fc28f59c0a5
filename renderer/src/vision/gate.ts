import type { Code } from '../../../electron/common/codes';

/** What the gate needs of a detection: Human's box in frame pixels and its detector score. */
export interface DetectedFace {
  box: readonly [number, number, number, number];
  score: number;
}

export interface GateConfig {
  minFaceWidthRatio: number;
  maxFaceWidthRatio: number;
  minDetectorScore: number;
  borderMarginRatio: number;
}

export interface FrameSize {
  width: number;
  height: number;
}

export type GateResult = { pass: true; face: DetectedFace } | { pass: false; code: Code; face?: DetectedFace };

const area = (b: DetectedFace['box']): number => Math.max(0, b[2]) * Math.max(0, b[3]);

function overlap(a: DetectedFace['box'], b: DetectedFace['box']): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Human's detector sometimes returns a second box nested inside a face (biden-1.jpg does): boxes
 * that mostly cover each other are one face, kept as the larger one.
 */
export function distinctFaces(faces: readonly DetectedFace[]): DetectedFace[] {
  const kept: DetectedFace[] = [];
  for (const face of [...faces].sort((a, b) => area(b.box) - area(a.box))) {
    const nested = kept.some((k) => overlap(k.box, face.box) / Math.min(area(k.box), area(face.box) || 1) > 0.5);
    if (!nested) kept.push(face);
  }
  return kept;
}

/**
 * The on-device quality gate, a pure function of one frame's detections: exactly one face, large
 * enough but not too close, confidently detected, and clear of the borders. A failing frame names
 * the code that tells the person what to do ("step closer"), and is never sent.
 */
export function gateFrame(faces: readonly DetectedFace[], frame: FrameSize, config: GateConfig): GateResult {
  const distinct = distinctFaces(faces);
  if (distinct.length === 0) return { pass: false, code: 'FACE_NOT_FOUND' };
  if (distinct.length > 1) return { pass: false, code: 'TOO_MANY_FACES' };
  const face = distinct[0]!;
  const [x, y, w, h] = face.box;
  // A box that touches the frame's edge is a face the camera cut off.
  const edge = 1;
  if (x <= edge || y <= edge || x + w >= frame.width - edge || y + h >= frame.height - edge) {
    return { pass: false, code: 'FACE_CROPPED', face };
  }
  const widthRatio = w / frame.width;
  if (widthRatio > config.maxFaceWidthRatio) return { pass: false, code: 'FACE_TOO_CLOSE', face };
  if (widthRatio < config.minFaceWidthRatio) return { pass: false, code: 'FACE_TOO_SMALL', face };
  const margin = config.borderMarginRatio * Math.min(frame.width, frame.height);
  if (x < margin || y < margin || x + w > frame.width - margin || y + h > frame.height - margin) {
    return { pass: false, code: 'FACE_CLOSE_TO_BORDER', face };
  }
  if (face.score < config.minDetectorScore) return { pass: false, code: 'LOW_DETECTION_SCORE', face };
  return { pass: true, face };
}
