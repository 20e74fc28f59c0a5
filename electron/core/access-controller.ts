import type { Code } from '../common/codes';
import type { ImageMime } from '../common/contract';
import type { Decision } from '../common/decision';
import { CodedError } from './ipc/dispatcher';
import type { Logger } from './logger';
import type { DoorRelay } from './relay/door-relay';
import type { AttemptLog, AttemptSource } from './storage/attempt-log';
import type { Verifier, VerifyOutcome } from './verifier/verifier';

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

type Verdict = Pick<Decision, 'decision' | 'code' | 'user' | 'confidence' | 'online'> & { detail?: string };

/** The door rule: only a single match opens it. Everything else is a denial or an error, never a grant. */
export function verdictFor(outcome: VerifyOutcome): Verdict {
  switch (outcome.kind) {
    case 'match':
      return {
        decision: 'granted',
        code: 'OK',
        user: outcome.user,
        ...(outcome.confidence !== undefined && { confidence: outcome.confidence }),
        online: true,
      };
    case 'no-match':
      return { decision: 'denied', code: 'NO_MATCH', online: true };
    case 'ambiguous':
      return { decision: 'denied', code: 'AMBIGUOUS_MATCH', online: true, detail: outcome.faceIds.join(',') };
    case 'offline':
      return { decision: 'error', code: 'OFFLINE', online: false, detail: outcome.message };
    case 'error':
      return {
        decision: PERSON_CODES.has(outcome.code) ? 'denied' : 'error',
        code: outcome.code,
        online: true,
        detail: outcome.raw ? `${outcome.message}: ${outcome.raw}` : outcome.message,
      };
  }
}

export interface AccessControllerDeps {
  verifier: Verifier;
  relay: DoorRelay;
  attempts: AttemptLog;
  log: Logger;
  now?: () => number;
  clock?: () => Date;
}

/**
 * Turns a submitted frame into a door decision. The attempt is committed to SQLite before the door
 * is pulsed and before anyone is answered; if it cannot be written, the door stays shut.
 */
export class AccessController {
  private readonly now: () => number;
  private readonly clock: () => Date;

  constructor(private readonly deps: AccessControllerDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.clock = deps.clock ?? (() => new Date());
  }

  async attempt(image: Uint8Array, mime: ImageMime, source: AttemptSource): Promise<Decision> {
    const started = this.now();
    const outcome = await this.deps.verifier.verify(image, mime);
    const verdict = verdictFor(outcome);
    const latencyMs = Math.round((this.now() - started) * 10) / 10;
    const granted = verdict.decision === 'granted';
    const attemptId = this.deps.attempts.record({
      createdAt: this.clock().toISOString(),
      source,
      decision: verdict.decision,
      code: verdict.code,
      ...(verdict.user && { userId: verdict.user.userId, userName: verdict.user.name, faceId: verdict.user.faceId }),
      ...(verdict.confidence !== undefined && { confidence: verdict.confidence }),
      latencyMs,
      online: verdict.online,
      doorOpened: false,
      ...(verdict.detail && { detail: verdict.detail }),
    });
    let doorOpened = false;
    let code = verdict.code;
    if (granted) {
      try {
        await this.deps.relay.pulse();
        doorOpened = true;
      } catch (error) {
        code = error instanceof CodedError ? error.code : 'RELAY_UNAVAILABLE';
        this.deps.log.error({ attemptId, err: (error as Error).message }, 'relay pulse failed');
      }
      try {
        this.deps.attempts.markDoor(attemptId, doorOpened, doorOpened ? undefined : code);
      } catch (error) {
        // The row itself is safe; only its door flag is stale. Say so in the operator log.
        this.deps.log.error({ attemptId, err: (error as Error).message }, 'door state not logged');
      }
    }
    const decision: Decision = { attemptId, ...verdict, code, doorOpened, latencyMs };
    delete (decision as { detail?: string }).detail;
    this.deps.log.info({ attemptId, source, decision: decision.decision, code, latencyMs, doorOpened }, 'attempt');
    return decision;
  }
}
