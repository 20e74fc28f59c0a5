import { z } from 'zod';

/**
 * What an image from the renderer must be before main reads it, whichever channel carries it (a
 * login's frame, the frames of an enrolment): the bytes of a PNG or JPEG, at most a few MB, that
 * start the way their type says. Its own module so the admin contract and the kiosk contract share
 * it without importing each other.
 */

/** A frame is the bytes of a PNG or JPEG, at most a few MB. Larger payloads are refused unread. */
export const MAX_FRAME_BYTES = 4 * 1024 * 1024;

const jpegMagic = [0xff, 0xd8, 0xff];
const pngMagic = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

export const imageMimeSchema = z.enum(['image/jpeg', 'image/png']);
export type ImageMime = z.infer<typeof imageMimeSchema>;

/** Whether the bytes look like the image type they claim to be (magic number only; decoding is core's job). */
export function hasImageMagic(bytes: Uint8Array, mime: ImageMime): boolean {
  return startsWith(bytes, mime === 'image/png' ? pngMagic : jpegMagic);
}

/** The bytes of one image: 1..MAX_FRAME_BYTES. */
export const imageBytesSchema = z
  .custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'image must be bytes' })
  .refine((b) => b.byteLength > 0 && b.byteLength <= MAX_FRAME_BYTES, {
    message: `image must be 1..${MAX_FRAME_BYTES} bytes`,
  });

/** An image with its type, the bytes checked against the type. */
export const typedImageSchema = z
  .strictObject({ image: imageBytesSchema, mime: imageMimeSchema })
  .refine((r) => hasImageMagic(r.image, r.mime), { message: 'image bytes do not match their type' });
export type TypedImage = z.infer<typeof typedImageSchema>;
