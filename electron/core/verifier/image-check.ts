import sharp from 'sharp';
import type { ImageMime } from '../../common/contract';
import { hasImageMagic, MAX_FRAME_BYTES } from '../../common/contract';

/*
 * The image-size policy, one place for every path that takes an image: the door's (AccessController,
 * before the verifier), the FACEKI client's own check, and `facegate analyze` (cli/human-node.ts).
 * Sizes are read from the header alone (sharp's metadata), so an oversized image is refused in
 * milliseconds instead of being decoded first.
 */

/**
 * At most 25 megapixels: a 24 MP camera's 6000x4000 photo fits, and door cameras send 640x480. A
 * larger image gains the service nothing and costs seconds to decode (10000x10000 took 10.9 s in
 * analyze); it is refused, not downscaled, so what analyze judges is what verify would send.
 */
export const MAX_IMAGE_PIXELS = 25_000_000;

/**
 * The shorter side an image needs to hold a face the service can accept. FACEKI asks for a face of
 * 300 px; the gate accepts half of that in a 640x480 frame, 150 px (settings.ts, "gate"). An image
 * with a side below 150 px cannot hold such a face, so the service could only answer FACE_TOO_SMALL
 * (or FACE_NOT_FOUND): it is answered FACE_TOO_SMALL here, before a billed call.
 */
export const MIN_IMAGE_SIDE_PX = 150;

export type ImageCheck = { ok: true } | { ok: false; message: string };

/** Why an image of this size is refused for too many pixels, or null. */
export function pixelLimitProblem(width: number, height: number): string | null {
  if (width * height <= MAX_IMAGE_PIXELS) return null;
  const megapixels = Math.round((width * height) / 1e5) / 10;
  return `${width}x${height} image has ${megapixels} megapixels, over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit`;
}

export interface ImageRefusal {
  code: 'FAILED_TO_READ_IMAGE' | 'FACE_TOO_SMALL';
  message: string;
}

/**
 * The size policy for an image on its way to the verifier: unreadable or too many pixels is
 * FAILED_TO_READ_IMAGE, too small to hold a face is FACE_TOO_SMALL; null when the size is fine.
 */
export async function refuseBySize(image: Uint8Array): Promise<ImageRefusal | null> {
  let width: number | undefined;
  let height: number | undefined;
  try {
    ({ width, height } = await sharp(image).metadata());
  } catch (error) {
    return { code: 'FAILED_TO_READ_IMAGE', message: `not a readable image: ${(error as Error).message}` };
  }
  if (!width || !height) return { code: 'FAILED_TO_READ_IMAGE', message: 'image without a size' };
  const tooBig = pixelLimitProblem(width, height);
  if (tooBig) return { code: 'FAILED_TO_READ_IMAGE', message: tooBig };
  if (Math.min(width, height) < MIN_IMAGE_SIDE_PX) {
    return {
      code: 'FACE_TOO_SMALL',
      message: `${width}x${height} image is too small to hold a face (a side under ${MIN_IMAGE_SIDE_PX} px)`,
    };
  }
  return null;
}

/**
 * Whether an image is worth sending: within the size limits, of the type it claims (PNG or JPEG by
 * magic bytes) and decodable to the last byte (a truncated JPEG is refused, not sent and billed).
 * Decoding goes through a tiny resize so libjpeg's shrink-on-load keeps it to milliseconds.
 */
export async function checkImage(image: Uint8Array, mime: ImageMime): Promise<ImageCheck> {
  if (image.byteLength === 0) return { ok: false, message: 'empty image' };
  if (image.byteLength > MAX_FRAME_BYTES) {
    return { ok: false, message: `image of ${image.byteLength} bytes is over the ${MAX_FRAME_BYTES}-byte limit` };
  }
  if (!hasImageMagic(image, mime)) return { ok: false, message: `not a ${mime} image` };
  try {
    const { width = 0, height = 0 } = await sharp(image).metadata();
    const tooBig = pixelLimitProblem(width, height);
    if (tooBig) return { ok: false, message: tooBig };
    await sharp(image, { failOn: 'truncated', limitInputPixels: MAX_IMAGE_PIXELS })
      .resize(16, 16, { fit: 'inside' })
      .raw()
      .toBuffer();
    return { ok: true };
  } catch (error) {
    return { ok: false, message: `undecodable ${mime}: ${(error as Error).message}` };
  }
}

/** The type of an image by its magic bytes, for files whose name says nothing reliable. */
export function sniffImageMime(image: Uint8Array): ImageMime | null {
  if (hasImageMagic(image, 'image/jpeg')) return 'image/jpeg';
  if (hasImageMagic(image, 'image/png')) return 'image/png';
  return null;
}
