import sharp from 'sharp';
import type { ImageMime } from '../../common/contract';
import { hasImageMagic, MAX_FRAME_BYTES } from '../../common/contract';

export type ImageCheck = { ok: true } | { ok: false; message: string };

/**
 * Whether an image is worth sending: within the size limit, of the type it claims (PNG or JPEG by
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
    await sharp(image, { failOn: 'truncated', limitInputPixels: 50_000_000 })
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
