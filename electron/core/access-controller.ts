import type { Code } from '../common/codes';
import type { ImageMime } from '../common/contract';
import type { Decision } from '../common/decision';
import type { Settings } from '../common/settings';
import { CodedError } from './ipc/dispatcher';
import type { Logger } from './logger';
import type { LivenessConfirmation } from './pending-liveness';
import type { DoorRelay } from './relay/door-relay';
import type { AttemptLog, AttemptSource } from './storage/attempt-log';
import type { ImageVault } from './storage/image-vault';
import type { ResultCache } from './storage/result-cache';
import { verdictFor, type Verdict } from './verdict';
import { refuseBySize } from './verifier/image-check';
import type { Verifier, VerifyOutcome } from './verifier/verifier';

export { verdictFor } from './verdict';

/**
 * The verifier answered while liveness was still watching, and liveness then said no: the attempt is
 * a denial with liveness's code, whatever the answer was. The log keeps whom the face matched (an
 * impersonation attempt is what the security officer wants to find), the visitor is greeted by no one.
 */
function overruledByLiveness(answered: Verdict, live: LivenessConfirmation): Verdict {
  const what = `${answered.decision} ${answered.code}${answered.user ? ` (${answered.user.userId})` : ''}`;
  const why = live.detail ? `: ${live.detail}` : '';
  return {
    decision: 'denied',
    code: live.code ?? 'LIVENESS_FAILED',
    online: answered.online,
    detail: `liveness failed after the verifier answered ${what}${why}`,
    ...(answered.user && { user: answered.user }),
  };
}

export interface AccessPolicy {
  access: Settings['access'];
  retention: Settings['retention'];
}

export interface AccessControllerDeps {
  verifier: Verifier;
  relay: DoorRelay;
  attempts: AttemptLog;
  results: ResultCache;
  images: ImageVault;
  policy: AccessPolicy;
  log: Logger;
  /** Monotonic milliseconds, for latency and cooldown. */
  now?: () => number;
  /** Wall-clock time, for the log. */
  clock?: () => Date;
}

export interface AttemptOptions {
  source: AttemptSource;
  /** Pulse the relay on a grant. The kiosk always does; the CLI only with --open-door. */
  openDoor: boolean;
  /**
   * Overlapped verify: the frame was sent while liveness still watched. The verifier is asked at
   * once and the decision waits for this verdict too; anything but "live" denies, whatever the
   * verifier answered. Absent: liveness had already passed (or there is none, as for the CLI).
   */
  liveness?: Promise<LivenessConfirmation>;
}

/**
 * Turns a submitted frame into a door decision. The attempt is committed to SQLite before the door
 * is pulsed and before anyone is answered; if it cannot be written, the door stays shut.
 */
export class AccessController {
  private readonly now: () => number;
  private readonly clock: () => Date;
  /** End of the current kiosk cooldown (monotonic ms); a kiosk attempt in flight holds it open. */
  private kioskBusyUntil = -Infinity;
  private kioskInFlight = false;

  constructor(private readonly deps: AccessControllerDeps) {
    this.now = deps.now ?? (() => performance.now());
    this.clock = deps.clock ?? (() => new Date());
  }

  async attempt(image: Uint8Array, mime: ImageMime, options: AttemptOptions): Promise<Decision> {
    const kiosk = options.source === 'kiosk';
    if (kiosk) this.enterKiosk();
    try {
      return await this.decide(image, mime, options);
    } finally {
      if (kiosk) {
        this.kioskInFlight = false;
        this.kioskBusyUntil = this.now() + this.deps.policy.access.cooldownMs;
      }
    }
  }

  /**
   * One person standing at the door makes one attempt: kiosk frames arriving during an attempt or its
   * cooldown are refused before anything is verified or billed. Not logged as attempts: nothing was
   * decided, and a misbehaving renderer must not be able to flood the audit trail.
   */
  private enterKiosk(): void {
    if (this.kioskInFlight || this.now() < this.kioskBusyUntil) {
      throw new CodedError('COOLDOWN', 'an attempt was just made; waiting before the next one');
    }
    this.kioskInFlight = true;
  }

  private async decide(image: Uint8Array, mime: ImageMime, options: AttemptOptions): Promise<Decision> {
    const { access, retention } = this.deps.policy;
    const started = this.now();
    // The size policy first (image-check.ts): an image too small to hold a face, or of too many
    // pixels, is answered here, logged like any attempt, and never costs a billed call.
    const refused = await refuseBySize(image);
    const verifying: Promise<VerifyOutcome> = refused
      ? Promise.resolve({ kind: 'error', code: refused.code, message: refused.message })
      : this.deps.verifier.verify(image, mime);
    // Both at once: the round trip to the verifier overlaps the last frames liveness watches.
    const [outcome, live] = await Promise.all([verifying, options.liveness ?? null]);
    const answered = this.withCachedGreeting(verdictFor(outcome, access));
    const verdict = live && !live.live ? overruledByLiveness(answered, live) : answered;
    const latencyMs = Math.round((this.now() - started) * 10) / 10;
    const at = this.clock();
    const queued = outcome.kind === 'offline';
    // A grant that will pulse is written as "door opened" in its own commit, before the pulse: see openDoor().
    const opening = verdict.decision === 'granted' && options.openDoor;
    const attemptId = this.deps.attempts.record({
      createdAt: at.toISOString(),
      source: options.source,
      decision: verdict.decision,
      code: verdict.code,
      ...(verdict.user && { userId: verdict.user.userId, userName: verdict.user.name, faceId: verdict.user.faceId }),
      ...(verdict.confidence !== undefined && { confidence: verdict.confidence }),
      latencyMs,
      online: verdict.online,
      doorOpened: opening,
      ...(verdict.detail && { detail: verdict.detail }),
      syncState: queued ? 'queued' : 'none',
      ...(outcome.via && { verifier: outcome.via }),
      ...(options.source === 'kiosk' && { verifyPath: options.liveness ? 'overlap' : 'sequential' }),
    });
    if (queued && retention.keepImages) this.keepImage(attemptId, image, mime, at);
    let doorOpened = false;
    let code: Code = verdict.code;
    if (verdict.decision === 'granted') {
      this.remember(verdict, at);
      if (options.openDoor) ({ doorOpened, code } = await this.openDoor(attemptId, code));
    }
    const decision: Decision = {
      attemptId,
      decision: verdict.decision,
      code,
      // Only a grant greets anyone by name (a liveness denial keeps whom the face matched in the log only).
      ...(verdict.user && verdict.decision === 'granted' && { user: verdict.user }),
      ...(verdict.confidence !== undefined && { confidence: verdict.confidence }),
      online: verdict.online,
      doorOpened,
      latencyMs,
    };
    this.deps.log.info(
      {
        attemptId,
        source: options.source,
        decision: decision.decision,
        code,
        latencyMs,
        doorOpened,
        ...(options.liveness && { verifyPath: 'overlap' }),
      },
      'attempt',
    );
    return decision;
  }

  /**
   * The row was committed with doorOpened=true before this runs, in the grant's own durable insert.
   * So a pulse that works needs no further write, and no later write failure can leave the audit
   * trail saying "shut" for a door that opened. Only a failed pulse is written afterwards; if that
   * write fails as well, the row keeps "opened": it may then claim a door command that failed, but it
   * never misses one that went out (a relay that fails mid-pulse may have moved the door), and the
   * operator log says the row is stale. Not a separate "opening" commit before the pulse: that would
   * add an fsync to every grant's way to the door for the same guarantee.
   */
  private async openDoor(attemptId: number, code: Code): Promise<{ doorOpened: boolean; code: Code }> {
    try {
      await this.deps.relay.pulse();
      return { doorOpened: true, code };
    } catch (error) {
      code = error instanceof CodedError ? error.code : 'RELAY_UNAVAILABLE';
      this.deps.log.error({ attemptId, err: (error as Error).message }, 'relay pulse failed');
    }
    try {
      this.deps.attempts.markDoor(attemptId, false, code);
    } catch (error) {
      this.deps.log.error({ attemptId, err: (error as Error).message }, 'door state not logged');
    }
    return { doorOpened: false, code };
  }

  /**
   * FACEKI does not always return the person's name or language; the welcome screen still greets
   * them by name, in their language, when an earlier grant told us.
   */
  private withCachedGreeting(verdict: Verdict): Verdict {
    if (verdict.decision !== 'granted' || !verdict.user || (verdict.user.name && verdict.user.language)) return verdict;
    let cached: ReturnType<ResultCache['lookup']> = null;
    try {
      cached = this.deps.results.lookup(verdict.user.userId);
    } catch {
      return verdict;
    }
    if (!cached) return verdict;
    const { name, language } = cached.user;
    return {
      ...verdict,
      user: {
        ...verdict.user,
        ...(!verdict.user.name && name && { name }),
        ...(!verdict.user.language && language && { language }),
      },
    };
  }

  private remember(verdict: Verdict, at: Date): void {
    if (!verdict.user) return;
    try {
      this.deps.results.remember(verdict.user, verdict.confidence, at.toISOString());
    } catch (error) {
      // The attempt is logged; the cache only feeds greetings and the offline policy.
      this.deps.log.error({ err: (error as Error).message }, 'result cache not updated');
    }
  }

  private keepImage(attemptId: number, image: Uint8Array, mime: ImageMime, at: Date): void {
    const expires = new Date(at.getTime() + this.deps.policy.retention.imageDays * 86_400_000).toISOString();
    try {
      this.deps.images.keep(attemptId, image, mime, expires);
    } catch (error) {
      // Without the image the queued attempt will be marked unresolved later; the attempt itself is safe.
      this.deps.log.error({ attemptId, err: (error as Error).message }, 'offline image not kept');
    }
  }
}
