/**
 * What the quality gate and the liveness accumulator need from one face that Human found, pulled
 * out of Human's result by one pure function. Human's own FaceResult carries tensors, 468 mesh
 * points and a hundred other fields; everything downstream works on this small record instead, so
 * tests can build it from Human results computed under Node (or by hand) and the gate never sees a
 * tensor. Lives in electron/common so the renderer and the CLI's `analyze` share one copy.
 */

/** x, y, width, height in frame pixels. */
export type Box = readonly [number, number, number, number];
export type Point2 = readonly [number, number];

export interface FrameSize {
  width: number;
  height: number;
}

export interface FaceObservation {
  /** Human's face box (the mesh crop: wider than the face itself), in frame pixels. */
  box: Box;
  /** The detector's confidence (Human's boxScore), 0..1. */
  detectorScore: number;
  /** Bounding box of the mesh points: the face itself, forehead to chin; null without a mesh. */
  meshBox: Box | null;
  /** Distance between the eye centres in frame pixels (iris centres when the iris model ran). */
  eyeDistancePx: number | null;
  /** Head rotation in degrees from Human's mesh; null without a mesh. Frontal is about 0, 0, 0. */
  yaw: number | null;
  pitch: number | null;
  roll: number | null;
  /** Human's anti-spoofing score (face.real), 0..1, when that model ran. */
  antispoof: number | null;
  /** Human's liveness score (face.live), 0..1, when that model ran. */
  liveness: number | null;
  /** Lid gap over eye width, both eyes averaged (about 0.25-0.35 open, under 0.1 shut); null without a mesh. */
  eyeOpenness: number | null;
  /** A few mesh points (nose tip, chin, forehead, eye and mouth corners, cheeks) for frame-to-frame motion. */
  landmarks: readonly Point2[];
}

type LoosePoint = readonly (number | null | undefined)[];

/**
 * The parts of Human's FaceResult (3.3.6, types/human.d.ts) that observe() reads, typed loosely:
 * Human's annotations hold arrays of undefined for the iris when the iris model is off, and
 * results that went through JSON (the tests' cache) have null there instead.
 */
export interface HumanFaceLike {
  box?: readonly number[];
  /** The box normalised to 0..1, used when box is missing (results from other tools carry only this). */
  boxRaw?: readonly number[];
  boxScore?: number;
  score?: number;
  mesh?: readonly LoosePoint[];
  annotations?: Readonly<Record<string, readonly LoosePoint[] | undefined>>;
  rotation?: { angle: { yaw: number; pitch: number; roll: number } } | null;
  real?: number;
  live?: number;
}

/**
 * Mesh indices of the landmark sample (MediaPipe's canonical 468-point face mesh): nose tip, chin,
 * forehead, outer eye corners, mouth corners, cheeks. Spread over the face so that a nod, a turn
 * and a change of expression all move some of them.
 */
const SAMPLE = [1, 152, 10, 33, 263, 61, 291, 234, 454] as const;

const degrees = (radians: number | undefined): number | null =>
  typeof radians === 'number' && Number.isFinite(radians) ? (radians * 180) / Math.PI : null;

const score = (value: number | undefined): number | null =>
  typeof value === 'number' && Number.isFinite(value) ? value : null;

function point(p: LoosePoint | undefined): Point2 | null {
  const x = p?.[0];
  const y = p?.[1];
  return typeof x === 'number' && typeof y === 'number' && Number.isFinite(x) && Number.isFinite(y) ? [x, y] : null;
}

const distance = (a: Point2, b: Point2): number => Math.hypot(a[0] - b[0], a[1] - b[1]);
const midpoint = (a: Point2, b: Point2): Point2 => [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2];

interface Eye {
  centre: Point2;
  openness: number | null;
}

/**
 * One eye from Human's annotations: the iris centre when the iris model filled it in, else the
 * middle of the two corners (the first and last points of the lower lid line, ...EyeLower0). The
 * openness is the gap between the middles of the upper and lower lid lines over the corner distance.
 */
function eye(annotations: HumanFaceLike['annotations'], side: 'left' | 'right'): Eye | null {
  const lower = annotations?.[`${side}EyeLower0`];
  const upper = annotations?.[`${side}EyeUpper0`];
  const corners = lower && lower.length >= 2 ? [point(lower[0]), point(lower[lower.length - 1])] : [];
  const [a, b] = corners;
  const iris = point(annotations?.[`${side}EyeIris`]?.[0]);
  const centre = iris ?? (a && b ? midpoint(a, b) : null);
  if (!centre) return null;
  let openness: number | null = null;
  const lidTop = point(upper?.[Math.floor((upper?.length ?? 0) / 2)]);
  const lidBottom = point(lower?.[Math.floor((lower?.length ?? 0) / 2)]);
  if (a && b && lidTop && lidBottom && distance(a, b) > 0) openness = distance(lidTop, lidBottom) / distance(a, b);
  return { centre, openness };
}

function meshBox(mesh: readonly LoosePoint[] | undefined): Box | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const p of mesh ?? []) {
    const q = point(p);
    if (!q) continue;
    minX = Math.min(minX, q[0]);
    minY = Math.min(minY, q[1]);
    maxX = Math.max(maxX, q[0]);
    maxY = Math.max(maxY, q[1]);
  }
  return maxX > minX && maxY > minY ? [minX, minY, maxX - minX, maxY - minY] : null;
}

function frameBox(face: HumanFaceLike, frame: FrameSize): Box {
  if (face.box && face.box.length >= 4) {
    const [x = 0, y = 0, w = 0, h = 0] = face.box;
    return [x, y, w, h];
  }
  const [x = 0, y = 0, w = 0, h = 0] = face.boxRaw ?? [];
  return [x * frame.width, y * frame.height, w * frame.width, h * frame.height];
}

/**
 * The observation of one Human face in a frame of the given size. The box and mesh are kept as
 * Human gave them, not clamped: a face cut by an edge has mesh points past it, which is how the
 * gate tells a cropped face from one merely near the border.
 */
export function observe(face: HumanFaceLike, frame: FrameSize): FaceObservation {
  const left = eye(face.annotations, 'left');
  const right = eye(face.annotations, 'right');
  const openness = [left?.openness, right?.openness].filter((o): o is number => typeof o === 'number');
  const mesh = face.mesh ?? [];
  const landmarks = SAMPLE.map((i) => point(mesh[i])).filter((p): p is Point2 => p !== null);
  const angle = face.rotation?.angle;
  return {
    box: frameBox(face, frame),
    detectorScore: score(face.boxScore) ?? score(face.score) ?? 0,
    meshBox: meshBox(mesh),
    eyeDistancePx: left && right ? distance(left.centre, right.centre) : null,
    yaw: degrees(angle?.yaw),
    pitch: degrees(angle?.pitch),
    roll: degrees(angle?.roll),
    antispoof: score(face.real),
    liveness: score(face.live),
    eyeOpenness: openness.length > 0 ? openness.reduce((s, o) => s + o, 0) / openness.length : null,
    landmarks,
  };
}
