import type { Code } from '../../common/codes';
import type { ImageMime } from '../../common/contract';
import type { VerifiedUser } from '../../common/decision';

/** What a verifier (FACEKI, local gallery, hybrid) says about one image. */
export type VerifyOutcome =
  | { kind: 'match'; user: VerifiedUser; confidence?: number }
  | { kind: 'no-match' }
  | { kind: 'ambiguous'; faceIds: string[] }
  | { kind: 'offline'; message: string }
  | { kind: 'error'; code: Code; message: string; raw?: string };

export interface Verifier {
  verify(image: Uint8Array, mime: ImageMime): Promise<VerifyOutcome>;
}
