import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import sharp from 'sharp';

/**
 * Face embeddings under plain Node: @vladmandic/face-api's 128-d recognition net on tfjs's wasm
 * backend, with sharp decoding the image. The recipe (docs/face-matching.md, shared PLATFORM.md
 * "Face matching: which embedding"): tiny face detector at input size 416, 68-point landmarks to
 * align, then the recognition net; Euclidean distance between descriptors decides "same person".
 *
 * No Electron here: the fake FACEKI service uses this under vitest, and a local verifier in the main
 * process can use it as it is. Models and .wasm files come from node_modules, never from a network.
 */

type FaceApi = typeof import('@vladmandic/face-api');
/** face-api re-exports the tfjs it loaded, with the wasm backend's exports, but types only part of it. */
type Tf = typeof import('@tensorflow/tfjs') & typeof import('@tensorflow/tfjs-backend-wasm');
type Tensor3D = ReturnType<Tf['tensor3d']>;
/** face-api types its inputs with its own copy of tfjs's types: the same tensors at run time. */
type NetInput = Parameters<FaceApi['detectAllFaces']>[0];
const asInput = (tensor: Tensor3D): NetInput => tensor as unknown as NetInput;
type Detections = Awaited<ReturnType<FaceEmbedder['detect']>>;

export type FaceErrorCode = 'FACE_NOT_FOUND' | 'TOO_MANY_FACES' | 'FAILED_TO_READ_IMAGE';

export type FaceDescription =
  | {
      kind: 'face';
      /** 128 numbers; not unit length: compare with faceDistance, not cosine similarity. */
      descriptor: Float32Array;
      /** x, y, width, height in pixels of the upright (EXIF-rotated) image; may reach past its edges. */
      box: [number, number, number, number];
      /** The detector's score, 0..1. */
      score: number;
    }
  | { kind: 'error'; code: FaceErrorCode };

/** What a user of descriptors needs of the embedder: FaceEmbedder itself, or a fake in tests. */
export interface FaceEmbedderLike {
  describe(image: Uint8Array): Promise<FaceDescription>;
}

export interface FaceEmbedderOptions {
  /** Folder of face-api's weights; default: the model/ folder of the installed @vladmandic/face-api. */
  modelDir?: string;
  /** Folder of tfjs-backend-wasm's .wasm files; default: the installed package's dist/. */
  wasmDir?: string;
}

/**
 * Largest Euclidean distance at which two descriptors are taken for the same person.
 *
 * Measured on the shared fixtures (docs/face-matching.md has the full table): same-person pairs of
 * usable photos lie at 0.17-0.45, different people at 0.75 and more (0.68 when one side is the cropped
 * obama-partial.jpg, whose own same-person pairs sit at 0.63-0.65). PLATFORM.md found 0.57-0.65
 * separates its larger set (17 photos, 7 people). 0.6 lies inside both gaps, is the value dlib and
 * face-api use for this net, and rejects the cropped face, which the quality gate refuses anyway. A
 * door prefers a false reject to a false accept: recalibrate on more pairs before moving it upwards.
 */
export const SAME_PERSON_MAX_DISTANCE = 0.6;

/**
 * Names the net that makes descriptors, stored beside every gallery template: descriptors of two
 * models are not comparable, so a template of another model is detected and set aside, never matched.
 * Change it whenever the recognition weights or the alignment recipe change.
 */
export const FACE_EMBEDDER_MODEL_ID = 'face-api-1.7.15-recognition-128';

/** The detector's input size: 320 misses faces behind sunglasses (PLATFORM.md); 416 does not. */
const DETECTOR_INPUT_SIZE = 416;
/**
 * Below face-api's default 0.5: alex-lacamoire-1.png, a clear frontal face, scores 0.52, while
 * no-face.jpg yields no box even at 0.2.
 */
const DETECTOR_MIN_SCORE = 0.4;
/** Two boxes sharing at least this fraction of the smaller one's area are one face seen twice. */
const SAME_FACE_OVERLAP = 0.5;

export function faceDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`descriptor lengths differ: ${a.length} and ${b.length}`);
  let sum = 0;
  for (let i = 0; i < a.length; i++) {
    const d = (a[i] as number) - (b[i] as number);
    sum += d * d;
  }
  return Math.sqrt(sum);
}

type Box = [number, number, number, number];

function overlapOfSmaller(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const smaller = Math.min(a[2] * a[3], b[2] * b[3]);
  return smaller > 0 ? (w * h) / smaller : 0;
}

/**
 * The distinct faces among detections: boxes that overlap by most of the smaller one (a box nested
 * in another, as some detectors return for one large face) count once, by their best-scored box.
 * Separate boxes stay separate. Sorted by score, best first.
 */
export function distinctFaces<T extends { box: Box; score: number }>(detections: readonly T[]): T[] {
  const kept: T[] = [];
  for (const detection of [...detections].sort((a, b) => b.score - a.score)) {
    if (!kept.some((k) => overlapOfSmaller(k.box, detection.box) >= SAME_FACE_OVERLAP)) kept.push(detection);
  }
  return kept;
}

async function decode(image: Uint8Array): Promise<{ pixels: Uint8Array; width: number; height: number } | null> {
  if (image.byteLength === 0) return null;
  try {
    // rotate(): apply EXIF orientation; removeAlpha(): PNGs with alpha; srgb: greyscale and CMYK as 3 channels
    // (sharp's default for raw output today; said explicitly because the tensor must be [h, w, 3]).
    const { data, info } = await sharp(image)
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .raw()
      .toBuffer({ resolveWithObject: true });
    if (info.channels !== 3) return null;
    return { pixels: data, width: info.width, height: info.height };
  } catch {
    return null;
  }
}

const localRequire = createRequire(import.meta.url);

/** face-api's Node build for the wasm backend. The package's main is the tfjs-node build, so name the file. */
function requireFaceApi(): FaceApi {
  return localRequire(localRequire.resolve('@vladmandic/face-api/dist/face-api.node-wasm.js')) as FaceApi;
}

const packageDir = (name: string): string => dirname(localRequire.resolve(`${name}/package.json`));

let loaded: { key: string; embedder: Promise<FaceEmbedder> } | undefined;

export class FaceEmbedder {
  /** describe() calls run one at a time: the backend is one wasm instance, and timings stay honest. */
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly faceapi: FaceApi,
    private readonly options: InstanceType<FaceApi['TinyFaceDetectorOptions']>,
  ) {}

  /**
   * The process's one embedder, loaded on first call (about 1 s: wasm, three models, a warm-up run)
   * and shared afterwards. face-api's nets and tfjs's backend are process-wide, so a second call with
   * other folders is refused rather than silently answered from the first ones.
   */
  static load(options: FaceEmbedderOptions = {}): Promise<FaceEmbedder> {
    const modelDir = resolve(options.modelDir ?? join(packageDir('@vladmandic/face-api'), 'model'));
    const wasmDir = resolve(options.wasmDir ?? join(packageDir('@tensorflow/tfjs-backend-wasm'), 'dist'));
    const key = `${modelDir}\n${wasmDir}`;
    if (loaded) {
      if (loaded.key !== key) {
        return Promise.reject(new Error(`FaceEmbedder is already loaded from ${loaded.key.replace('\n', ' and ')}`));
      }
      return loaded.embedder;
    }
    const embedder = FaceEmbedder.create(modelDir, wasmDir);
    loaded = { key, embedder };
    // A failed load (missing files) is not cached: a later call may try again.
    embedder.catch(() => {
      if (loaded?.embedder === embedder) loaded = undefined;
    });
    return embedder;
  }

  private static async create(modelDir: string, wasmDir: string): Promise<FaceEmbedder> {
    const faceapi = requireFaceApi();
    const tf = faceapi.tf as unknown as Tf;
    // A folder prefix: the backend appends the file name (it picks plain or SIMD wasm itself).
    tf.setWasmPaths(wasmDir.endsWith('/') ? wasmDir : `${wasmDir}/`);
    if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend failed to initialise');
    await tf.ready();
    await faceapi.nets.tinyFaceDetector.loadFromDisk(modelDir);
    await faceapi.nets.faceLandmark68Net.loadFromDisk(modelDir);
    await faceapi.nets.faceRecognitionNet.loadFromDisk(modelDir);
    const embedder = new FaceEmbedder(
      faceapi,
      new faceapi.TinyFaceDetectorOptions({ inputSize: DETECTOR_INPUT_SIZE, scoreThreshold: DETECTOR_MIN_SCORE }),
    );
    await embedder.warmUp();
    return embedder;
  }

  /** Runs each net once on blank input, so the first real face is not the one that pays for set-up. */
  private async warmUp(): Promise<void> {
    const { nets } = this.faceapi;
    const tf = this.faceapi.tf as unknown as Tf;
    const blank = (size: number): Tensor3D => tf.zeros([size, size, 3], 'int32') as Tensor3D;
    const inputs = [blank(DETECTOR_INPUT_SIZE), blank(112), blank(150)] as const;
    try {
      await nets.tinyFaceDetector.locateFaces(asInput(inputs[0]), this.options);
      await nets.faceLandmark68Net.detectLandmarks(asInput(inputs[1]));
      await nets.faceRecognitionNet.computeFaceDescriptor(asInput(inputs[2]));
    } finally {
      for (const input of inputs) input.dispose();
    }
  }

  /** Decodes a JPEG or PNG and describes its one face; errors name why there is no single face. */
  describe(image: Uint8Array): Promise<FaceDescription> {
    const run = this.queue.then(() => this.describeNow(image));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async describeNow(image: Uint8Array): Promise<FaceDescription> {
    const decoded = await decode(image);
    if (!decoded) return { kind: 'error', code: 'FAILED_TO_READ_IMAGE' };
    const tf = this.faceapi.tf as unknown as Tf;
    const { pixels, width, height } = decoded;
    const tensor = tf.tensor3d(new Int32Array(pixels), [height, width, 3], 'int32');
    let results: Detections;
    try {
      results = await this.detect(tensor);
    } finally {
      tensor.dispose();
    }
    const faces = distinctFaces(
      results.map((r) => {
        const { x, y, width: w, height: h } = r.detection.box;
        return { box: [x, y, w, h] as Box, score: r.detection.score, descriptor: r.descriptor };
      }),
    );
    const [face] = faces;
    if (!face) return { kind: 'error', code: 'FACE_NOT_FOUND' };
    if (faces.length > 1) return { kind: 'error', code: 'TOO_MANY_FACES' };
    return { kind: 'face', descriptor: face.descriptor, box: face.box, score: face.score };
  }

  private detect(tensor: Tensor3D) {
    return this.faceapi.detectAllFaces(asInput(tensor), this.options).withFaceLandmarks().withFaceDescriptors();
  }
}
