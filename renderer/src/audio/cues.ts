/**
 * The kiosk's two sounds, synthesised with Web Audio so no sound file is shipped: a short rising
 * two-note chime when the door opens, a low falling tone when it does not. A person who looked away
 * from the screen still knows whether to push the door.
 *
 * Chromium only lets an AudioContext run after a user gesture unless the page is allowed to autoplay
 * (the Electron kiosk window needs webPreferences.autoplayPolicy 'no-user-gesture-required' for the
 * cues to be heard). A kiosk has no gesture, so where the context cannot start the cues are silently
 * muted rather than failing or, worse, queueing a chime that would play late when something finally
 * resumes the context.
 */

export interface Note {
  /** Hz at the start; glides to endHz when given. */
  hz: number;
  endHz?: number;
  /** Seconds from the cue's start. */
  at: number;
  seconds: number;
  wave: OscillatorType;
  /** Peak gain, 0..1: kept well under 1 so two notes overlapping never clip. */
  peak: number;
}

/** E5 then A5, a rising fourth: the familiar "ding-dong, come in" shape, under half a second. */
export const GRANTED_NOTES: readonly Note[] = [
  { hz: 659.25, at: 0, seconds: 0.18, wave: 'sine', peak: 0.25 },
  { hz: 880, at: 0.14, seconds: 0.34, wave: 'sine', peak: 0.25 },
];

/** A low G3 sliding down to D3: clearly "no", in a register nothing else in the lobby uses. */
export const DENIED_NOTES: readonly Note[] = [
  { hz: 196, endHz: 147, at: 0, seconds: 0.5, wave: 'triangle', peak: 0.35 },
];

/** The slice of AudioContext the cues use, so unit tests can pass a recording fake. */
export type ToneContext = Pick<
  AudioContext,
  'state' | 'currentTime' | 'destination' | 'resume' | 'createOscillator' | 'createGain'
>;

export type CueResult = 'played' | 'muted';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
// Read through a function so TypeScript does not keep a narrowing of `state` across an await.
const isRunning = (ctx: ToneContext): boolean => ctx.state === 'running';

function defaultContext(): ToneContext {
  return new AudioContext({ latencyHint: 'interactive' });
}

export class CuePlayer {
  /** undefined: not made yet; null: this page cannot make one (no Web Audio), so stay muted. */
  private ctx: ToneContext | null | undefined;

  constructor(
    private readonly makeContext: () => ToneContext = defaultContext,
    /** How long to wait for a suspended context to resume before giving up on this cue. */
    private readonly resumeWaitMs = 200,
  ) {}

  async play(notes: readonly Note[]): Promise<CueResult> {
    const ctx = this.context();
    if (!ctx) return 'muted';
    if (!isRunning(ctx)) {
      // resume() stays pending forever where autoplay is blocked: race it against a short wait.
      await Promise.race([ctx.resume().catch(() => undefined), wait(this.resumeWaitMs)]);
      if (!isRunning(ctx)) return 'muted';
    }
    const start = ctx.currentTime + 0.01;
    for (const note of notes) this.schedule(ctx, note, start);
    return 'played';
  }

  private context(): ToneContext | null {
    if (this.ctx === undefined) {
      try {
        this.ctx = this.makeContext();
      } catch {
        this.ctx = null;
      }
    }
    return this.ctx;
  }

  private schedule(ctx: ToneContext, note: Note, cueStart: number): void {
    const t0 = cueStart + note.at;
    const t1 = t0 + note.seconds;
    const osc = ctx.createOscillator();
    const gain = ctx.createGain();
    osc.type = note.wave;
    osc.frequency.setValueAtTime(note.hz, t0);
    if (note.endHz) osc.frequency.exponentialRampToValueAtTime(note.endHz, t1);
    // A fast attack and an exponential decay: a bell-like note, no click at either end.
    gain.gain.setValueAtTime(0.0001, t0);
    gain.gain.linearRampToValueAtTime(note.peak, t0 + 0.015);
    gain.gain.exponentialRampToValueAtTime(0.0001, t1);
    osc.connect(gain);
    gain.connect(ctx.destination);
    osc.start(t0);
    osc.stop(t1 + 0.02);
  }
}

const player = new CuePlayer();

/** The door opened. Never rejects: a kiosk that cannot make a sound still works. */
export const playGranted = (): Promise<CueResult> => player.play(GRANTED_NOTES).catch(() => 'muted' as const);

/** The door stayed shut. Never rejects. */
export const playDenied = (): Promise<CueResult> => player.play(DENIED_NOTES).catch(() => 'muted' as const);
