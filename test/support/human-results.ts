import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import { promisify } from 'node:util';
import sharp, { type Sharp } from 'sharp';
import { detectRaw, type RawImage } from '../../electron/cli/human-node';
import { observe, type FaceObservation, type HumanFaceLike } from '../../electron/common/vision/face-observation';
import { sharedHumanConfig } from '../../electron/common/vision/human-config';
import { fixturePath, repoRoot } from './fixtures';

/**
 * Human's real results on the face fixtures, as the kiosk would see them: each photo is first made
 * into a 640x480 "camera frame" with the geometry test/support/camera.ts gives the Y4M videos the
 * browser tests play (TOP_4_3 for portraits, LETTERBOX for landscapes), so the gate's thresholds
 * meet the face sizes the kiosk meets. Recipes add what a camera adds: a shift or zoom (a person
 * sways), sensor noise (a photo held still), darkness, blur, a tilt.
 *
 * Human runs once per recipe ever: its results go to test/.cache/human/ (git-ignored) keyed by the
 * fixture's bytes, the recipe and Human's config and version, and a cached run does not load Human.
 */

/** original: the image as it is, not a camera frame (for what Human makes of a tall photo). */
export type Layout = 'top-4-3' | 'letterbox' | 'original';

export interface FrameRecipe {
  /** A face fixture's name, or an absolute path (frames extracted from the clip fixture). */
  fixture: string;
  /** Default: top-4-3 for portraits (taller than wide), letterbox for the rest, as camera.ts does. */
  layout?: Layout;
  /** Moves the 4:3 window by this many source pixels (top-4-3 only): a person swaying. */
  shift?: readonly [number, number];
  /** Narrows the 4:3 window by this factor (top-4-3 only), centred: a person stepping closer. */
  zoom?: number;
  /** Degrees clockwise, applied to the camera frame (corners filled black): a tilted head. */
  rotate?: number;
  /** Multiplies every pixel (sharp linear): below 1 is a dim room. */
  brightness?: number;
  /** Gaussian blur sigma in camera pixels: an out-of-focus or moving face. */
  blur?: number;
  /** Gaussian sensor noise (standard deviation in levels) from a seeded generator. */
  noise?: { sigma: number; seed: number };
}

export interface HumanFrame {
  recipe: FrameRecipe;
  frame: { width: number; height: number };
  faces: HumanFaceLike[];
  observations: FaceObservation[];
  image: RawImage;
}

export const FRAME = { width: 640, height: 480 } as const;
const source = (fixture: string): string => (isAbsolute(fixture) ? fixture : fixturePath(fixture));
const cacheDir = join(repoRoot, 'test', '.cache', 'human');
const run = promisify(execFile);

const humanVersion = (): string =>
  (
    JSON.parse(readFileSync(join(repoRoot, 'node_modules', '@vladmandic', 'human', 'package.json'), 'utf8')) as {
      version: string;
    }
  ).version;

/** Mulberry32: a tiny seeded generator, so a noisy frame is the same frame on every run. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function addNoise(data: Uint8Array, sigma: number, seed: number): void {
  const next = random(seed);
  for (let i = 0; i < data.length; i += 2) {
    // Box-Muller: two normal deviates per pair of uniforms.
    const r = Math.sqrt(-2 * Math.log(next() || 1e-12)) * sigma;
    const t = 2 * Math.PI * next();
    data[i] = Math.max(0, Math.min(255, Math.round((data[i] as number) + r * Math.cos(t))));
    if (i + 1 < data.length)
      data[i + 1] = Math.max(0, Math.min(255, Math.round((data[i + 1] as number) + r * Math.sin(t))));
  }
}

/** The recipe's 640x480 RGB camera frame (or the original image), made with sharp alone (no Human). */
export async function cameraFrame(recipe: FrameRecipe): Promise<RawImage> {
  const input = readFileSync(source(recipe.fixture));
  const meta = await sharp(input).rotate().metadata();
  const upright = (meta.orientation ?? 1) >= 5;
  const iw = upright ? meta.height! : meta.width!;
  const ih = upright ? meta.width! : meta.height!;
  const layout = recipe.layout ?? (ih > iw ? 'top-4-3' : 'letterbox');
  let image = sharp(input).rotate().removeAlpha().toColourspace('srgb');
  if (layout === 'original') {
    const { data, info } = await image.raw().toBuffer({ resolveWithObject: true });
    return { data: new Uint8Array(data), width: info.width, height: info.height };
  }
  if (layout === 'top-4-3') {
    // camera.ts TOP_4_3: crop='min(iw,ih*4/3)':'min(iw,ih*4/3)*3/4':'(iw-ow)/2':0, then 640x480.
    const w0 = Math.min(iw, (ih * 4) / 3);
    const w = Math.round(w0 / (recipe.zoom ?? 1));
    const h = Math.round((w * 3) / 4);
    const [dx, dy] = recipe.shift ?? [0, 0];
    const left = Math.max(0, Math.min(iw - w, Math.round((iw - w) / 2 + dx)));
    const top = Math.max(0, Math.min(ih - h, Math.round(((w0 * 3) / 4 - h) / 2 + dy)));
    image = sharp(await image.extract({ left, top, width: w, height: h }).toBuffer()).resize(640, 480, {
      fit: 'fill',
    });
  } else {
    // camera.ts LETTERBOX: scale to fit, pad with black to 640x480.
    image = image.resize(640, 480, { fit: 'contain', background: { r: 0, g: 0, b: 0 } });
  }
  let buffer = await image.raw().toBuffer();
  const step = (pipeline: Sharp) => pipeline.removeAlpha().raw().toBuffer();
  const raw = () => sharp(buffer, { raw: { width: 640, height: 480, channels: 3 } });
  if (recipe.rotate)
    buffer = await step(raw().rotate(recipe.rotate, { background: '#000' }).resize(640, 480, { fit: 'cover' }));
  if (recipe.brightness !== undefined) buffer = await step(raw().linear(recipe.brightness, 0));
  if (recipe.blur) buffer = await step(raw().blur(recipe.blur));
  const data = new Uint8Array(buffer);
  if (recipe.noise) addNoise(data, recipe.noise.sigma, recipe.noise.seed);
  return { data, width: 640, height: 480 };
}

function cacheKey(recipe: FrameRecipe): string {
  const fixture = createHash('sha256')
    .update(readFileSync(source(recipe.fixture)))
    .digest('hex');
  const config = JSON.stringify(sharedHumanConfig({ antispoof: true, liveness: true }));
  return createHash('sha256')
    .update(`${fixture}|${JSON.stringify(recipe)}|${config}|${humanVersion()}`)
    .digest('hex')
    .slice(0, 12);
}

/** Human's face results for a recipe (from the cache when it has them), with the frame's pixels. */
export async function humanFrame(recipe: FrameRecipe): Promise<HumanFrame> {
  const image = await cameraFrame(recipe);
  const file = join(cacheDir, `${basename(recipe.fixture).replace(/\.\w+$/, '')}-${cacheKey(recipe)}.json`);
  let faces: HumanFaceLike[];
  if (existsSync(file)) {
    faces = JSON.parse(readFileSync(file, 'utf8')) as HumanFaceLike[];
  } else {
    const detection = await detectRaw(image);
    // Through JSON, as the cache will give it back next time: the iris's undefined points become null.
    faces = JSON.parse(JSON.stringify(detection.faces.map(({ tensor: _tensor, ...face }) => face))) as HumanFaceLike[];
    mkdirSync(cacheDir, { recursive: true });
    const partial = `${file}.${process.pid}.partial`;
    writeFileSync(partial, JSON.stringify(faces));
    renameSync(partial, file);
  }
  const frame = { width: image.width, height: image.height };
  return { recipe, frame, faces, observations: faces.map((f) => observe(f, frame)), image };
}

/**
 * Stills of a video fixture, fps per second, as PNGs under test/.cache/human/frames (made once with
 * ffmpeg, as camera.ts makes its videos); feed them to humanFrame as absolute paths.
 */
export async function clipStills(fixture: string, fps: number): Promise<string[]> {
  const dir = join(cacheDir, 'frames', `${fixture.replace(/\.\w+$/, '')}-${fps}fps`);
  const done = join(dir, 'done');
  if (!existsSync(done)) {
    mkdirSync(dir, { recursive: true });
    await run('ffmpeg', [
      '-y',
      '-loglevel',
      'error',
      '-i',
      fixturePath(fixture),
      '-vf',
      `fps=${fps}`,
      join(dir, '%03d.png'),
    ]);
    writeFileSync(done, '');
  }
  return readdirSync(dir)
    .filter((f) => f.endsWith('.png'))
    .sort()
    .map((f) => join(dir, f));
}

/** Several recipes, in order (Human runs one at a time anyway). */
export async function humanFrames(recipes: readonly FrameRecipe[]): Promise<HumanFrame[]> {
  const out: HumanFrame[] = [];
  for (const recipe of recipes) out.push(await humanFrame(recipe));
  return out;
}
