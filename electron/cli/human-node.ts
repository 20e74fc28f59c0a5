import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import sharp from 'sharp';
import type { FaceResult, Human as HumanInstance } from '@vladmandic/human';
import { sharedHumanConfig } from '../common/vision/human-config';
import { MAX_IMAGE_PIXELS, pixelLimitProblem } from '../core/verifier/image-check';

/**
 * Human under plain Node, configured as the kiosk configures it in the browser, for `facegate
 * analyze` and the tests of the gate and liveness on real detections (shared PLATFORM.md "Human"):
 *
 * - dist/human.node-wasm.js: the tfjs-node build wants libtensorflow (a download that fails here).
 *   The package's exports map spells its keys without "./", so Node refuses the subpath: the file
 *   is required by its path.
 * - wasm backend: `wasmPath` is a folder prefix of tfjs-backend-wasm's dist/, on disk; Human hands
 *   it to setWasmPaths and the backend picks the plain or SIMD binary itself.
 * - models: Human loads `modelBasePath + name.json` through tf.io, whose only URL handler uses
 *   fetch, and Node's fetch refuses file://. A load router for file:// URLs reads them from disk.
 * - images: sharp decodes (EXIF rotation applied, alpha dropped, greyscale and CMYK as RGB) into a
 *   [1, h, w, 3] tensor, which Human takes as it takes a video frame.
 */

type Tf = HumanInstance['tf'];

export interface RawImage {
  /** RGB, 3 bytes a pixel, rows top to bottom. */
  data: Uint8Array;
  width: number;
  height: number;
}

export interface Detection {
  frame: { width: number; height: number };
  /** Human's face results without tensors (detector.return is off), as the kiosk gets them. */
  faces: FaceResult[];
  /** The decoded pixels, for image-quality measures of the face crop. */
  image: RawImage;
}

const localRequire = createRequire(import.meta.url);

/** The installed package's folder; resolving its main file works where "<name>/package.json" is not exported. */
const humanDir = (): string => dirname(dirname(localRequire.resolve('@vladmandic/human')));
const wasmDir = (): string => join(dirname(localRequire.resolve('@tensorflow/tfjs-backend-wasm')), '..', 'dist');

let loaded: Promise<HumanInstance> | null = null;
let routerRegistered = false;

/** tf.io artifacts of a graph model stored as model.json plus weight shards, read from disk. */
async function readModel(url: string) {
  const path = fileURLToPath(url);
  const json = JSON.parse(await readFile(path, 'utf8')) as {
    modelTopology: object;
    format?: string;
    generatedBy?: string;
    convertedBy?: string | null;
    signature?: object;
    userDefinedMetadata?: Record<string, unknown>;
    weightsManifest: Array<{ paths: string[]; weights: Array<{ name: string; shape: number[]; dtype: string }> }>;
  };
  const shards: Buffer[] = [];
  const weightSpecs = [];
  for (const group of json.weightsManifest) {
    weightSpecs.push(...group.weights);
    for (const shard of group.paths) shards.push(await readFile(join(dirname(path), shard)));
  }
  const all = Buffer.concat(shards);
  return {
    modelTopology: json.modelTopology,
    format: json.format,
    generatedBy: json.generatedBy,
    convertedBy: json.convertedBy,
    signature: json.signature,
    userDefinedMetadata: json.userDefinedMetadata,
    weightSpecs,
    // A copy of exactly the weights: Buffer.concat may hand out a slice of a larger pool.
    weightData: all.buffer.slice(all.byteOffset, all.byteOffset + all.byteLength),
  };
}

/** tf.io's IOHandler, as far as a load router needs it: Human's types do not export tf.io's. */
type LoadRouter = (url: string | string[]) => { load: () => Promise<unknown> } | null;

function registerFileRouter(tf: Tf): void {
  // tf.io's registry is process-wide (and shared with face-api's copy of tfjs-core): register once.
  if (routerRegistered) return;
  routerRegistered = true;
  const router: LoadRouter = (url) =>
    typeof url === 'string' && url.startsWith('file://') ? { load: () => readModel(url) } : null;
  (tf.io as unknown as { registerLoadRouter(router: LoadRouter): void }).registerLoadRouter(router);
}

async function create(): Promise<HumanInstance> {
  const { Human } = localRequire(join(humanDir(), 'dist', 'human.node-wasm.js')) as {
    Human: new (config: object) => HumanInstance;
  };
  const human = new Human({
    // Anti-spoofing and liveness always run here: analyze reports their scores, and they do not
    // change what the detector and the mesh find (each reads its own crop of the face).
    ...sharedHumanConfig({ antispoof: true, liveness: true }),
    backend: 'wasm',
    wasmPath: `${wasmDir()}/`,
    modelBasePath: `${pathToFileURL(join(humanDir(), 'models')).href}/`,
  });
  registerFileRouter(human.tf);
  await human.load();
  // Human logs a failed model load and carries on: a missing file must be an error here.
  const missing = ['blazeface', 'facemesh', 'antispoof', 'liveness'].filter(
    (name) => !human.models.loaded().some((m) => m.toLowerCase().includes(name)),
  );
  if (missing.length > 0) throw new Error(`Human models not loaded: ${missing.join(', ')}`);
  return human;
}

/** The process's one Human, loaded on first use (about half a second on this machine). */
export function loadHuman(): Promise<HumanInstance> {
  if (!loaded) {
    const attempt = create();
    loaded = attempt;
    attempt.catch(() => {
      if (loaded === attempt) loaded = null;
    });
  }
  return loaded;
}

/**
 * Decodes a JPEG, PNG (alpha dropped), WebP...; throws for bytes sharp cannot read. With a frame
 * size, the image is first made into such a camera frame the way the test videos are made
 * (test/support/camera.ts): a portrait is cropped to its top 4:3 (where the face is), anything
 * else is letterboxed whole. Human reads a tall photo taken as it is quite unlike a camera frame
 * of it (biden-1.jpg at 970x2204: a 766 px box round a face whose mesh is 338 px wide).
 */
export async function decodeImage(
  input: string | Uint8Array,
  frame?: { width: number; height: number },
): Promise<RawImage> {
  // The header first: the size policy verify applies (image-check.ts), before seconds of decoding.
  const meta = await sharp(input).metadata();
  const tooBig = pixelLimitProblem(meta.width ?? 0, meta.height ?? 0);
  if (tooBig) throw new Error(tooBig);
  let pipeline = sharp(input, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate().removeAlpha().toColourspace('srgb');
  if (frame) {
    const turned = (meta.orientation ?? 1) >= 5;
    const iw = (turned ? meta.height : meta.width) ?? 0;
    const ih = (turned ? meta.width : meta.height) ?? 0;
    const aspect = frame.width / frame.height;
    if (ih > iw) {
      const width = Math.min(iw, Math.round(ih * aspect));
      const height = Math.round(width / aspect);
      const top = await pipeline.extract({ left: Math.round((iw - width) / 2), top: 0, width, height }).toBuffer();
      pipeline = sharp(top).resize(frame.width, frame.height, { fit: 'fill' });
    } else {
      pipeline = pipeline.resize(frame.width, frame.height, { fit: 'contain', background: { r: 0, g: 0, b: 0 } });
    }
    pipeline = pipeline.removeAlpha();
  }
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  if (info.channels !== 3) throw new Error(`decoded to ${info.channels} channels, expected 3`);
  return {
    data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
    width: info.width,
    height: info.height,
  };
}

/** Runs Human on decoded pixels. Calls are serialised: one wasm instance, and Human is not reentrant. */
let queue: Promise<unknown> = Promise.resolve();
export function detectRaw(image: RawImage): Promise<Detection> {
  const run = queue.then(async () => {
    const human = await loadHuman();
    const tensor = human.tf.tensor(image.data, [1, image.height, image.width, 3], 'int32');
    try {
      const result = await human.detect(tensor as Parameters<HumanInstance['detect']>[0]);
      // Human reports its own failures in the result rather than throwing.
      if (result.error) throw new Error(`Human: ${result.error}`);
      return { frame: { width: image.width, height: image.height }, faces: result.face, image };
    } finally {
      tensor.dispose();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

/** Decodes and detects one image file (or its bytes), optionally made into a camera frame first. */
export async function detectFile(
  input: string | Uint8Array,
  frame?: { width: number; height: number },
): Promise<Detection> {
  return detectRaw(await decodeImage(input, frame));
}

/** Frees the models; a later detect loads them again. */
export async function closeHuman(): Promise<void> {
  const current = loaded;
  loaded = null;
  if (!current) return;
  const human = await current.catch(() => null);
  for (const model of Object.values(human?.models.models ?? {})) model?.dispose();
}
