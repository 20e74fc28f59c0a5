import { CodedError } from '../ipc/dispatcher';

/**
 * The one admin session main keeps after a correct PIN. The renderer holds no token to steal or
 * replay: main alone knows whether the admin screen is open, and closes it after idleMs without
 * an admin request, so a screen left open at the door locks itself.
 */
export class AdminSession {
  private lastUse: number | null = null;

  constructor(
    private readonly idleMs: () => number,
    private readonly now: () => number = Date.now,
  ) {}

  open(): void {
    this.lastUse = this.now();
  }

  close(): void {
    this.lastUse = null;
  }

  isOpen(): boolean {
    if (this.lastUse === null) return false;
    if (this.now() - this.lastUse > this.idleMs()) this.lastUse = null;
    return this.lastUse !== null;
  }

  /** For every admin request: refuses without an open session, and counts as activity. */
  require(): void {
    if (!this.isOpen()) throw new CodedError('ADMIN_REQUIRED', 'the admin screen is locked: enter the admin PIN');
    this.lastUse = this.now();
  }
}
