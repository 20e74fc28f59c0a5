import type { Box, FaceObservation } from './face-observation';

/**
 * Light and sharpness of a face, from pixels, as pure functions: the kiosk hands in the frame's
 * RGBA from a canvas, the CLI the RGB that sharp decoded. Both look at the same thing: the inside
 * of the face (the mesh box less a margin, so hair, ears and background do not count), averaged
 * down to a fixed CROP_SIZE square of luma. Measuring at one fixed size makes the blur measure a
 * property of the face ("are its features sharp?") rather than of its distance from the camera.
 */

/** Side of the square the face's inside is averaged down to. At the gate's smallest face (Human box
 * 0.3 of a 640 px frame, mesh box about 125 px, inside about 90 px) this still only shrinks. */
export const CROP_SIZE = 64;
/** Share of the mesh box cut from each side: the cheeks' outline and the hairline carry background. */
const INSET = 0.15;

export interface Pixels {
  data: ArrayLike<number>;
  width: number;
  height: number;
  /** 3 for RGB (sharp), 4 for RGBA (canvas ImageData). */
  channels: 3 | 4;
}

export interface ImageQuality {
  /** Mean luma of the face's inside, 0..255. */
  meanLuma: number;
  /** Standard deviation of that luma: low is a flat, washed-out or silhouetted face. */
  contrast: number;
  /** Variance of the Laplacian of the CROP_SIZE square: low is a blurred face. */
  sharpness: number;
}

/** Rec. 601 luma in integers: what "brightness" means to a camera. */
const luma = (r: number, g: number, b: number): number => (77 * r + 150 * g + 29 * b) >> 8;

/** The inside of the face: the mesh box (or, without a mesh, Human's wider box) less INSET a side. */
export function faceRegion(face: Pick<FaceObservation, 'box' | 'meshBox'>): Box {
  const [x, y, w, h] = face.meshBox ?? face.box;
  const inset = face.meshBox ? INSET : INSET + 0.1;
  return [x + w * inset, y + h * inset, w * (1 - 2 * inset), h * (1 - 2 * inset)];
}

/**
 * Averages the region of the image (clipped to it) down to size x size luma. Each output pixel is
 * the mean of the source pixels whose centres fall in its cell; a cell smaller than one source
 * pixel takes the nearest one. Returns null for a region with no pixels inside the image.
 */
export function cropLuma(image: Pixels, region: Box, size = CROP_SIZE): Uint8Array | null {
  const x0 = Math.max(0, region[0]);
  const y0 = Math.max(0, region[1]);
  const x1 = Math.min(image.width, region[0] + region[2]);
  const y1 = Math.min(image.height, region[1] + region[3]);
  if (x1 - x0 < 1 || y1 - y0 < 1) return null;
  const out = new Uint8Array(size * size);
  const { data, width, channels } = image;
  const cellW = (x1 - x0) / size;
  const cellH = (y1 - y0) / size;
  for (let cy = 0; cy < size; cy++) {
    const sy0 = Math.floor(y0 + cy * cellH);
    const sy1 = Math.max(sy0 + 1, Math.floor(y0 + (cy + 1) * cellH));
    for (let cx = 0; cx < size; cx++) {
      const sx0 = Math.floor(x0 + cx * cellW);
      const sx1 = Math.max(sx0 + 1, Math.floor(x0 + (cx + 1) * cellW));
      let sum = 0;
      let n = 0;
      for (let sy = sy0; sy < sy1 && sy < image.height; sy++) {
        for (let sx = sx0; sx < sx1 && sx < width; sx++) {
          const i = (sy * width + sx) * channels;
          sum += luma(data[i] as number, data[i + 1] as number, data[i + 2] as number);
          n++;
        }
      }
      out[cy * size + cx] = n > 0 ? Math.round(sum / n) : 0;
    }
  }
  return out;
}

/** Mean and standard deviation of a luma buffer. */
export function lumaStats(gray: ArrayLike<number>): { mean: number; contrast: number } {
  let sum = 0;
  let squares = 0;
  for (let i = 0; i < gray.length; i++) {
    const v = gray[i] as number;
    sum += v;
    squares += v * v;
  }
  const n = Math.max(1, gray.length);
  const mean = sum / n;
  return { mean, contrast: Math.sqrt(Math.max(0, squares / n - mean * mean)) };
}

/**
 * Variance of the 4-neighbour Laplacian over the inner pixels: the classic focus measure (Pech-
 * Pacheco et al. 2000). Sharp edges give large second derivatives; blur flattens them. It also
 * falls with contrast, which is why the gate checks light first.
 */
export function laplacianVariance(gray: ArrayLike<number>, width: number, height: number): number {
  let sum = 0;
  let squares = 0;
  let n = 0;
  for (let y = 1; y < height - 1; y++) {
    for (let x = 1; x < width - 1; x++) {
      const i = y * width + x;
      const v =
        (gray[i - 1] as number) +
        (gray[i + 1] as number) +
        (gray[i - width] as number) +
        (gray[i + width] as number) -
        4 * (gray[i] as number);
      sum += v;
      squares += v * v;
      n++;
    }
  }
  if (n === 0) return 0;
  const mean = sum / n;
  return squares / n - mean * mean;
}

/** Light and sharpness of the face in the image; null when the face lies outside it. */
export function measureQuality(image: Pixels, face: Pick<FaceObservation, 'box' | 'meshBox'>): ImageQuality | null {
  const gray = cropLuma(image, faceRegion(face));
  if (!gray) return null;
  const { mean, contrast } = lumaStats(gray);
  return { meanLuma: mean, contrast, sharpness: laplacianVariance(gray, CROP_SIZE, CROP_SIZE) };
}

/**
 * A cheap fingerprint of a whole frame for the liveness check's frozen-camera test: FNV-1a over the
 * colour bytes of a 32 x 24 grid of single pixels. Single pixels and raw bytes, not averages or
 * luma, so that a live sensor's noise of one level changes it from frame to frame, while a camera
 * (or a driver) that repeats one frame does not.
 */
export function frameFingerprint(image: Pixels, columns = 32, rows = 24): number {
  let hash = 0x811c9dc5;
  for (let r = 0; r < rows; r++) {
    const y = Math.min(image.height - 1, Math.floor(((r + 0.5) * image.height) / rows));
    for (let c = 0; c < columns; c++) {
      const x = Math.min(image.width - 1, Math.floor(((c + 0.5) * image.width) / columns));
      const i = (y * image.width + x) * image.channels;
      for (let k = 0; k < 3; k++) {
        hash ^= image.data[i + k] as number;
        hash = Math.imul(hash, 0x01000193) >>> 0;
      }
    }
  }
  return hash;
}
