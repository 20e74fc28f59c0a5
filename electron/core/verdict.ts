import type { Code } from '../common/codes';
import type { Decision } from '../common/decision';
import type { Settings } from '../common/settings';
import type { VerifyOutcome } from './verifier/verifier';

/** Codes that describe the person's picture: they are told to try again, the system is fine. */
const PERSON_CODES = new Set<Code>([
  'FACE_TOO_CLOSE',
  'FACE_CLOSE_TO_BORDER',
  'FACE_CROPPED',
  'FACE_NOT_FOUND',
  'FACE_TOO_SMALL',
  'FACE_ANGLE_TOO_LARGE',
  'FAILED_TO_PREDICT_LANDMARKS',
  'TOO_MANY_FACES',
  'POOR_LIGHT',
  'FACE_BLUR',
  'PLEASE_TRY_AGAIN',
  'FAILED_TO_READ_IMAGE',
]);

export type Verdict = Pick<Decision, 'decision' | 'code' | 'user' | 'confidence' | 'online'> & { detail?: string };

/** FACEKI does not publish its confidence scale: read values above 1 as percentages. */
export function normalizeConfidence(value: number): number {
  return Math.min(1, Math.max(0, value > 1 ? value / 100 : value));
}

/**
 * The door rule: only a single, confident match opens it. Everything else is a denial (the person
 * can do something about it) or an error (the system cannot decide), never a grant.
 */
export function verdictFor(
  outcome: VerifyOutcome,
  access: Pick<Settings['access'], 'minConfidence' | 'offlinePolicy'>,
): Verdict {
  switch (outcome.kind) {
    case 'match': {
      const confidence = outcome.confidence === undefined ? undefined : normalizeConfidence(outcome.confidence);
      if (confidence !== undefined && confidence < access.minConfidence) {
        return {
          decision: 'denied',
          code: 'LOW_CONFIDENCE',
          confidence,
          online: true,
          detail: `match ${outcome.user.userId} at ${confidence} < ${access.minConfidence}`,
        };
      }
      return {
        decision: 'granted',
        code: 'OK',
        user: outcome.user,
        ...(confidence !== undefined && { confidence }),
        // The hybrid's own gallery decided while the service was away: a grant, but not an online one.
        online: outcome.via !== 'offline-local',
      };
    }
    case 'no-match':
      return { decision: 'denied', code: 'NO_MATCH', online: true };
    case 'ambiguous':
      return { decision: 'denied', code: 'AMBIGUOUS_MATCH', online: true, detail: outcome.faceIds.join(',') };
    case 'offline': {
      // 'cached' needs the local face check (a later issue) to know who is at the door; until then
      // it must not grant, and the log says so rather than pretending the policy applied.
      const policy =
        access.offlinePolicy === 'cached'
          ? "; offline policy 'cached' acts as 'deny' until the local face check exists"
          : '';
      return { decision: 'error', code: 'OFFLINE', online: false, detail: `${outcome.message}${policy}` };
    }
    case 'error':
      return {
        decision: PERSON_CODES.has(outcome.code) ? 'denied' : 'error',
        code: outcome.code,
        // A timed-out request got no answer: like offline, nothing from the service decided this.
        online: outcome.code !== 'TIMEOUT',
        detail: outcome.raw ? `${outcome.message}: ${outcome.raw}` : outcome.message,
      };
  }
}
