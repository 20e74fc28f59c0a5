import type { Code } from '../common/codes';
import type { ConfirmLivenessRequest } from '../common/contract';

/** The renderer's liveness verdict on a frame it sent before liveness had decided. */
export interface LivenessConfirmation {
  live: boolean;
  code?: Code;
  detail?: string;
}

/** Main waits this long for the verdict; a renderer that never says is treated as "not live". */
export const LIVENESS_CONFIRM_MS = 5_000;

/**
 * Overlapped verify (settings capture.overlapVerify): the kiosk sends its best frame while liveness is
 * still watching, and main must not open the door until the renderer confirms that the face was alive.
 * This holds the one verdict awaited at a time. Everything that is not an explicit "live" (a
 * timeout, a second attempt replacing this one, the services closing) resolves as not live, so the
 * door can only open on a confirmation, never by default.
 */
export class PendingLiveness {
  private waiting: ((confirmation: LivenessConfirmation) => void) | null = null;

  constructor(private readonly timeoutMs = LIVENESS_CONFIRM_MS) {}

  /** A promise of the verdict on the attempt being sent now. */
  open(): Promise<LivenessConfirmation> {
    this.settle({ live: false, code: 'LIVENESS_FAILED', detail: 'replaced by a newer attempt' });
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        if (this.waiting === done) this.waiting = null;
        resolve({
          live: false,
          code: 'LIVENESS_FAILED',
          detail: `liveness not confirmed within ${this.timeoutMs} ms`,
        });
      }, this.timeoutMs);
      timer.unref?.();
      const done = (confirmation: LivenessConfirmation) => {
        clearTimeout(timer);
        resolve(confirmation);
      };
      this.waiting = done;
    });
  }

  /** The renderer's verdict; false when no attempt was waiting for one (too late, or never asked). */
  confirm(request: ConfirmLivenessRequest): boolean {
    if (!this.waiting) return false;
    this.settle({
      live: request.live,
      ...(request.code && { code: request.code }),
      ...(request.detail && { detail: request.detail }),
    });
    return true;
  }

  /** Closing: whatever is still waiting is not live. */
  close(): void {
    this.settle({ live: false, code: 'LIVENESS_FAILED', detail: 'the kiosk closed before liveness was confirmed' });
  }

  private settle(confirmation: LivenessConfirmation): void {
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.(confirmation);
  }
}
