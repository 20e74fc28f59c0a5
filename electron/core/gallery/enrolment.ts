import type { Settings } from '../../common/settings';
import { faceDistance, type FaceEmbedderLike } from '../face/face-embedder';
import { CodedError } from '../ipc/dispatcher';
import type { Gallery, Person, PersonDetails } from './gallery';

export type { FaceEmbedderLike };

const WHY: Record<'FACE_NOT_FOUND' | 'TOO_MANY_FACES' | 'FAILED_TO_READ_IMAGE', string> = {
  FACE_NOT_FOUND: 'shows no face',
  TOO_MANY_FACES: 'shows more than one face',
  FAILED_TO_READ_IMAGE: 'is not a readable JPEG or PNG',
};

/**
 * One descriptor per image, computed here (never taken from a caller). An image without exactly one
 * face refuses the whole enrolment with its code, naming the image: `labels` (file names) when
 * given, else its position counted from 1.
 */
export async function describeForEnrolment(
  embedder: FaceEmbedderLike,
  images: Uint8Array[],
  labels?: readonly string[],
): Promise<Float32Array[]> {
  if (images.length === 0) throw new CodedError('INVALID_REQUEST', 'enrolment needs at least one image');
  const descriptors: Float32Array[] = [];
  for (const [i, image] of images.entries()) {
    const description = await embedder.describe(image);
    if (description.kind === 'error') {
      const label = labels?.[i] ?? `image ${i + 1}`;
      throw new CodedError(description.code, `${label} ${WHY[description.code]}`);
    }
    descriptors.push(description.descriptor);
  }
  return descriptors;
}

/**
 * Enrols a new person in the local gallery from a few images of them. Refused with
 * ALREADY_ENROLLED when any image lies within maxDistance of someone already enrolled (a second
 * record of one face would make every later match of it ambiguous), and with INVALID_REQUEST when
 * the images are not of one person (they would admit whoever the outlier is).
 */
export async function enrolLocal(
  gallery: Gallery,
  embedder: FaceEmbedderLike,
  local: Pick<Settings['local'], 'maxDistance'>,
  details: PersonDetails,
  images: Uint8Array[],
  labels?: readonly string[],
): Promise<Person> {
  const descriptors = await describeForEnrolment(embedder, images, labels);
  const label = (i: number) => labels?.[i] ?? `image ${i + 1}`;
  for (const [i, descriptor] of descriptors.entries()) {
    const { best } = gallery.match(descriptor);
    if (best && best.distance <= local.maxDistance) {
      const known = gallery.person(best.personId);
      throw new CodedError(
        'ALREADY_ENROLLED',
        `${label(i)} matches ${known ? `"${known.name}" ` : ''}(${best.personId}), already enrolled; forget them first or add images to them`,
      );
    }
  }
  for (let i = 0; i < descriptors.length; i++) {
    for (let j = i + 1; j < descriptors.length; j++) {
      const distance = faceDistance(descriptors[i] as Float32Array, descriptors[j] as Float32Array);
      if (distance > local.maxDistance) {
        throw new CodedError(
          'INVALID_REQUEST',
          `${label(i)} and ${label(j)} do not show the same person (distance ${distance.toFixed(2)} > ${local.maxDistance})`,
        );
      }
    }
  }
  return gallery.add(details, descriptors);
}
