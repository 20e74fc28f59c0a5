import type { ImageMime } from '../../common/contract';
import type { FaceEmbedderLike } from '../face/face-embedder';
import type { Gallery, GalleryMatch } from '../gallery/gallery';
import { CodedError } from '../ipc/dispatcher';
import type { Verifier, VerifyOutcome } from './verifier';

export type { FaceEmbedderLike };

export interface LocalVerifierOptions {
  /** The embedder, loaded on first use (about 1 s), so a kiosk that never verifies never pays for it. */
  embedder: () => Promise<FaceEmbedderLike>;
  gallery: Gallery;
  /** settings.local.maxDistance: the farthest a granted face may lie from its best template. */
  maxDistance: number;
  /** settings.local.margin: how far behind the best the second-best person must lie. */
  margin: number;
  /** Hybrid mode offline: only people last granted since this ISO time may match; undefined: everyone. */
  grantedSince?: () => string | undefined;
}

/**
 * Recognises a face against the kiosk's own gallery, behind the same interface as the FACEKI
 * client, so the access controller, attempt log, result cache, relay and screens do not change.
 * The descriptor is computed here from the submitted image: an embedding from elsewhere is never
 * trusted.
 *
 * Granted only when the best template lies within maxDistance AND the closest other person lies at
 * least margin further: two people both near the face is 'ambiguous', which never opens.
 * confidence is 1 - distance / (2 * maxDistance): 1 for identical descriptors, 0.5 at the
 * threshold, so the default access.minConfidence (0.5) lets every local match through and a
 * higher one tightens it.
 */
export class LocalVerifier implements Verifier {
  constructor(private readonly opts: LocalVerifierOptions) {}

  async verify(image: Uint8Array, _mime: ImageMime): Promise<VerifyOutcome> {
    let embedder: FaceEmbedderLike;
    try {
      embedder = await this.opts.embedder();
    } catch (error) {
      return {
        kind: 'error',
        code: 'FAILED_TO_READ_MODEL',
        message: `the face embedder did not load: ${(error as Error).message}`,
      };
    }
    let description: Awaited<ReturnType<FaceEmbedderLike['describe']>>;
    try {
      description = await embedder.describe(image);
    } catch (error) {
      return {
        kind: 'error',
        code: 'INTERNAL_ERROR',
        message: `the face embedder failed: ${(error as Error).message}`,
      };
    }
    if (description.kind === 'error') {
      return { kind: 'error', code: description.code, message: `local verifier: ${description.code}` };
    }
    const { maxDistance, margin, gallery } = this.opts;
    const grantedSince = this.opts.grantedSince?.();
    let match: GalleryMatch;
    try {
      // Nobody farther than maxDistance + margin can change the decision: the pass may skip them.
      const within = maxDistance + margin;
      match = gallery.match(description.descriptor, grantedSince === undefined ? { within } : { grantedSince, within });
    } catch (error) {
      // A gallery another process changed and that no longer opens (its key gone): say so, open nothing.
      const code = error instanceof CodedError ? error.code : 'STORAGE_FAILED';
      return { kind: 'error', code, message: `local gallery: ${(error as Error).message}` };
    }
    const { best, secondPerson } = match;
    if (!best || best.distance > maxDistance) return { kind: 'no-match' };
    if (secondPerson && secondPerson.distance - best.distance < margin) {
      return { kind: 'ambiguous', faceIds: [best.personId, secondPerson.personId] };
    }
    const person = gallery.person(best.personId);
    // Forgotten between the match and here: nobody to let in.
    if (!person) return { kind: 'no-match' };
    return {
      kind: 'match',
      user: {
        userId: person.id,
        name: person.name,
        ...(person.email !== null && { email: person.email }),
        ...(person.language !== null && { language: person.language }),
      },
      confidence: Math.max(0, Math.min(1, 1 - best.distance / (2 * maxDistance))),
    };
  }
}
