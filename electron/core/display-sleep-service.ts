/**
 * Keeps the screen on while the kiosk runs: a door panel that blanks after ten idle minutes looks
 * broken to the next person. Takes the blocker as a dependency (Electron's powerSaveBlocker in
 * main, a fake in tests) so the start/stop bookkeeping can be tested without Electron, after
 * Signal's PreventDisplaySleepService.
 */
export type PowerSaveBlockerType = 'prevent-display-sleep' | 'prevent-app-suspension';

export interface PowerSaveBlockerLike {
  start(type: PowerSaveBlockerType): number;
  stop(id: number): void;
  isStarted(id: number): boolean;
}

export class DisplaySleepService {
  private blockerId: number | undefined;

  constructor(private readonly blocker: PowerSaveBlockerLike) {}

  setEnabled(enabled: boolean): void {
    if (enabled) this.enable();
    else this.disable();
  }

  /** Whether a blocker we started is still in force. */
  isEnabled(): boolean {
    return this.blockerId !== undefined && this.blocker.isStarted(this.blockerId);
  }

  private enable(): void {
    // Asking twice must not stack blockers (each would need its own stop), but a blocker that was
    // stopped behind our back (the OS, another module) must be replaced, not trusted.
    if (this.isEnabled()) return;
    this.blockerId = this.blocker.start('prevent-display-sleep');
  }

  private disable(): void {
    if (this.blockerId === undefined) return;
    if (this.blocker.isStarted(this.blockerId)) this.blocker.stop(this.blockerId);
    this.blockerId = undefined;
  }
}
