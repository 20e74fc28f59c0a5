import type { Code } from '../codes';
import type { Box, FaceObservation, FrameSize } from './face-observation';
import type { ImageQuality } from './image-quality';

export type { FrameSize } from './face-observation';

/** Kept for the code that spoke of detections before observations existed: the same record. */
export type DetectedFace = FaceObservation;

/**
 * The gate's thresholds: settings.gate (electron/common/settings.ts explains each default against
 * FACEKI's guidance), passed to the renderer as KioskInfo.gate.
 */
export interface GateConfig {
  minFaceWidthRatio: number;
  maxFaceWidthRatio: number;
  minEyeDistanceRatio: number;
  borderMarginRatio: number;
  maxYawDeg: number;
  maxPitchDeg: number;
  maxRollDeg: number;
  minDetectorScore: number;
  minMeanLuma: number;
  maxMeanLuma: number;
  minContrast: number;
  minSharpness: number;
  pickLargestFace: boolean;
}

export type GateCode = Extract<
  Code,
  | 'FACE_NOT_FOUND'
  | 'TOO_MANY_FACES'
  | 'FACE_CROPPED'
  | 'FACE_TOO_CLOSE'
  | 'FACE_TOO_SMALL'
  | 'FACE_CLOSE_TO_BORDER'
  | 'FACE_ANGLE_TOO_LARGE'
  | 'POOR_LIGHT'
  | 'FACE_BLUR'
  | 'LOW_DETECTION_SCORE'
>;

/** The numbers behind a verdict, for the operator log and `facegate analyze`. */
export interface GateMeasures {
  /** Distinct faces (nested boxes merged). */
  faces: number;
  box?: Box;
  /** Box width over frame width. */
  widthRatio?: number;
  eyeDistancePx?: number | null;
  /** Eye distance over frame width. */
  eyeDistanceRatio?: number | null;
  /** Smallest gap between the box and a frame edge, in pixels (negative: past the edge). */
  marginPx?: number;
  yaw?: number | null;
  pitch?: number | null;
  roll?: number | null;
  detectorScore?: number;
  meanLuma?: number;
  contrast?: number;
  sharpness?: number;
}

export type GateResult =
  | { pass: true; face: FaceObservation; measures: GateMeasures }
  | { pass: false; code: GateCode; face?: FaceObservation; measures: GateMeasures };

/**
 * Light and sharpness of the chosen face (image-quality.ts). A function is called only for a face
 * that passed every geometric check, so the kiosk reads pixels for good frames only; a value is
 * taken as it is (and reported even when the face fails earlier); absent, light and blur go unchecked.
 */
export type QualitySource = ImageQuality | null | ((face: FaceObservation) => ImageQuality | null);

const area = (b: Box): number => Math.max(0, b[2]) * Math.max(0, b[3]);

function overlap(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Human's detector sometimes returns a second box nested inside a face (biden-1.jpg at full size
 * does): boxes that mostly cover each other are one face, kept as the larger one. Largest first.
 */
export function distinctFaces<T extends { box: Box }>(faces: readonly T[]): T[] {
  const kept: T[] = [];
  for (const face of [...faces].sort((a, b) => area(b.box) - area(a.box))) {
    const nested = kept.some((k) => overlap(k.box, face.box) / Math.min(area(k.box), area(face.box) || 1) > 0.5);
    if (!nested) kept.push(face);
  }
  return kept;
}

/** Whether the face reaches the frame's edge: Human's box touches it, or the mesh runs past it. */
function cropped(face: FaceObservation, frame: FrameSize): boolean {
  // Human clamps its box to the frame, so a cut face shows as a box on the edge (1 px of slack).
  const edge = 1;
  const [x, y, w, h] = face.box;
  if (x <= edge || y <= edge || x + w >= frame.width - edge || y + h >= frame.height - edge) return true;
  const mesh = face.meshBox;
  return !!mesh && (mesh[0] < 0 || mesh[1] < 0 || mesh[0] + mesh[2] > frame.width || mesh[1] + mesh[3] > frame.height);
}

function geometry(face: FaceObservation, frame: FrameSize): Omit<GateMeasures, 'faces'> {
  const [x, y, w, h] = face.box;
  return {
    box: face.box,
    widthRatio: w / frame.width,
    eyeDistancePx: face.eyeDistancePx,
    eyeDistanceRatio: face.eyeDistancePx === null ? null : face.eyeDistancePx / frame.width,
    marginPx: Math.min(x, y, frame.width - (x + w), frame.height - (y + h)),
    yaw: face.yaw,
    pitch: face.pitch,
    roll: face.roll,
    detectorScore: face.detectorScore,
  };
}

const over = (angle: number | null, limit: number): boolean => angle !== null && Math.abs(angle) > limit;

/** The first geometric reason to refuse the face, in the order a person can act on it. */
function geometricFault(face: FaceObservation, frame: FrameSize, config: GateConfig, m: GateMeasures): GateCode | null {
  // Too close before cropped: a face that fills the frame is clamped at its edges too, and "step
  // back" is what helps that person; "move to the centre" would not.
  if (m.widthRatio! > config.maxFaceWidthRatio) return 'FACE_TOO_CLOSE';
  if (cropped(face, frame)) return 'FACE_CROPPED';
  // Both measures, because each misses a case: the box stays wide for a face turned aside (the
  // eyes close up), and the eyes can be missing (no mesh) where the box is not.
  if (m.widthRatio! < config.minFaceWidthRatio) return 'FACE_TOO_SMALL';
  if (m.eyeDistanceRatio != null && m.eyeDistanceRatio < config.minEyeDistanceRatio) return 'FACE_TOO_SMALL';
  if (m.marginPx! < config.borderMarginRatio * Math.min(frame.width, frame.height)) return 'FACE_CLOSE_TO_BORDER';
  // No mesh, no angles: the detector alone cannot tell, and the size checks above still hold.
  if (over(face.yaw, config.maxYawDeg) || over(face.pitch, config.maxPitchDeg) || over(face.roll, config.maxRollDeg)) {
    return 'FACE_ANGLE_TOO_LARGE';
  }
  return null;
}

function qualityFault(q: ImageQuality, config: GateConfig): GateCode | null {
  if (q.meanLuma < config.minMeanLuma || q.meanLuma > config.maxMeanLuma || q.contrast < config.minContrast) {
    return 'POOR_LIGHT';
  }
  // After light: a dark face has weak edges too, and "more light" is the advice that helps.
  if (q.sharpness < config.minSharpness) return 'FACE_BLUR';
  return null;
}

/**
 * The on-device quality gate, a pure function of one frame's observations: exactly one face (or
 * the largest, with pickLargestFace), whole, large enough but not too close, clear of the borders,
 * facing the camera, in good light, sharp, and confidently detected. A failing frame names the code
 * that tells the person what to do ("step closer"), and is never sent.
 */
export function gateFrame(
  observations: readonly FaceObservation[],
  frame: FrameSize,
  config: GateConfig,
  quality?: QualitySource,
): GateResult {
  const distinct = distinctFaces(observations);
  const faces = distinct.length;
  if (faces === 0) return { pass: false, code: 'FACE_NOT_FOUND', measures: { faces } };
  const face = distinct[0]!;
  const measures: GateMeasures = { faces, ...geometry(face, frame) };
  const given = typeof quality === 'function' ? undefined : quality;
  if (given)
    Object.assign(measures, { meanLuma: given.meanLuma, contrast: given.contrast, sharpness: given.sharpness });
  const fail = (code: GateCode): GateResult => ({ pass: false, code, face, measures });

  if (faces > 1 && !config.pickLargestFace) return fail('TOO_MANY_FACES');
  const geometric = geometricFault(face, frame, config, measures);
  if (geometric) return fail(geometric);
  const q = typeof quality === 'function' ? quality(face) : given;
  if (q) {
    Object.assign(measures, { meanLuma: q.meanLuma, contrast: q.contrast, sharpness: q.sharpness });
    const bad = qualityFault(q, config);
    if (bad) return fail(bad);
  }
  // Last: an unsure detection in bad light is better answered with "more light" than "try again".
  if (face.detectorScore < config.minDetectorScore) return fail('LOW_DETECTION_SCORE');
  return { pass: true, face, measures };
}
