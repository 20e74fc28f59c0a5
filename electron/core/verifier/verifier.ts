import type { Code } from '../../common/codes';
import type { ImageMime } from '../../common/contract';
import type { VerifiedUser } from '../../common/decision';

/**
 * Which verifier answered, as the attempt log records it: FACEKI, the local gallery, or the hybrid's
 * local gallery while FACEKI was unreachable ('offline-local').
 */
export type VerifierPath = 'faceki' | 'local' | 'offline-local';

/** What a verifier (FACEKI, local gallery, hybrid) says about one image; `via` as kiosk-services tags it. */
export type VerifyOutcome = (
  | { kind: 'match'; user: VerifiedUser; confidence?: number }
  | { kind: 'no-match' }
  | { kind: 'ambiguous'; faceIds: string[] }
  | { kind: 'offline'; message: string }
  | { kind: 'error'; code: Code; message: string; raw?: string }
) & { via?: VerifierPath };

export interface Verifier {
  verify(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome>;
}
