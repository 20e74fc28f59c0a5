import type { Code } from '../../electron/common/codes';
import type { KioskState } from '../../electron/common/contract';

/*
 * What the screen shows, chosen from what the camera loop sees frame by frame (issue 12, item 3).
 *
 * The loop's verdict can change every frame (35-100 ms) on a dim or busy scene: POOR_LIGHT,
 * TOO_MANY_FACES, FACE_CROPPED, ... in turn. Nobody can read words that change ten times a second,
 * and a face that flickers in and out of detection would flip the screen between "Look at the
 * camera" and guidance just as fast. So:
 *
 * - The message to show is the dominant one (the most frequent) over the last `windowFrames`
 *   frames. 16 frames is 0.6-1.6 s at the loop's pace. Recorded from the real loop on a dim photo
 *   of two people, TOO_MANY_FACES came in bursts that held 7 frames of 12 while FACE_TOO_SMALL was
 *   the problem most of the time: a 12-frame window let each burst take the screen (5 changes in
 *   10 s), a 16-frame one does not (2).
 * - Once shown, a message stays at least `minShowMs`: 1.5 s is about the shortest time in which a
 *   short line is read from a metre away and acted on. A message replaced sooner is flicker,
 *   however well chosen.
 * - After that, the dominant message replaces it only when it is seen in more than half of the
 *   window, or when the message on screen was not seen in the window at all (it no longer
 *   applies). On a scene with no clear majority (five codes in turn, each a real problem) the
 *   message on screen is as true as any other, and keeping it is what makes it readable: without
 *   this rule such a scene changed the screen every 1.5 s (6 per 10 s), with it about once in 8 s.
 * - Ties: a tie is no majority, so it keeps the message already on screen (a change must earn its
 *   place); between newcomers, the most recent wins, because it is the nearest to what the visitor
 *   is doing now.
 * - 'searching', 'guiding' and 'holding' compete under the same rules: a face lost for a frame
 *   must not put "Look at the camera" up and take it down again. 'searching' and 'holding' are one
 *   message each whatever code rides along (their screens show no code); 'guiding' is one per code.
 * - Urgent states pass at once and are never held back: 'verifying' (the door is being decided),
 *   'result', 'fault' and 'starting'. Leaving one of them shows the next frame's state at once too
 *   (the verdict must not stay up after the loop has moved on), and the frames before it are
 *   forgotten: they were another moment.
 *
 * Pure: no DOM, no timers; the caller passes the time.
 */

export interface ShownGuidance {
  state: KioskState;
  code?: Code;
}

export interface SteadyGuidanceOptions {
  /** Raw frames over which the dominant message is counted. */
  windowFrames: number;
  /** Least time a message stays on screen before another may replace it. */
  minShowMs: number;
}

export const DEFAULT_STEADY_GUIDANCE: SteadyGuidanceOptions = { windowFrames: 16, minShowMs: 1_500 };

const URGENT_STATES: ReadonlySet<KioskState> = new Set(['verifying', 'result', 'fault', 'starting']);

interface Frame {
  key: string;
  guidance: ShownGuidance;
}

interface OnScreen {
  key: string;
  guidance: ShownGuidance;
  since: number;
}

/** One key per distinct screen: the code matters only where the screen words it. */
function messageKey(state: KioskState, code: Code | undefined): string {
  return state === 'searching' || state === 'holding' ? state : `${state}:${code ?? ''}`;
}

function guidanceOf(state: KioskState, code: Code | undefined): ShownGuidance {
  return code ? { state, code } : { state };
}

export class SteadyGuidance {
  private readonly options: SteadyGuidanceOptions;
  private frames: Frame[] = [];
  private onScreen: OnScreen | null = null;

  constructor(options: SteadyGuidanceOptions = DEFAULT_STEADY_GUIDANCE) {
    if (!(Number.isInteger(options.windowFrames) && options.windowFrames >= 1) || !(options.minShowMs >= 0)) {
      throw new RangeError(
        `steady guidance needs windowFrames >= 1 and minShowMs >= 0 (got ${options.windowFrames}, ${options.minShowMs})`,
      );
    }
    this.options = { ...options };
  }

  /** One frame's raw state; returns what the screen should show now, or null if unchanged. */
  offer(state: KioskState, code: Code | undefined, now: number): ShownGuidance | null {
    const key = messageKey(state, code);
    const guidance = guidanceOf(state, code);
    if (URGENT_STATES.has(state)) {
      this.frames = [];
      return this.onScreen?.key === key ? null : this.put(key, guidance, now);
    }
    this.frames.push({ key, guidance });
    if (this.frames.length > this.options.windowFrames) this.frames.shift();
    const shown = this.onScreen;
    if (!shown || URGENT_STATES.has(shown.guidance.state)) return this.put(key, guidance, now);
    if (now - shown.since < this.options.minShowMs) return null;
    const tally = this.tally();
    const dominant = dominantOf(tally);
    if (dominant.frame.key === shown.key) return null;
    // A noisy scene has no majority: the message on screen then stays while it still applies.
    const outvoted = dominant.count * 2 > this.frames.length || !tally.has(shown.key);
    return outvoted ? this.put(dominant.frame.key, dominant.frame.guidance, now) : null;
  }

  /** What is on screen now (null before the first offer). */
  current(): ShownGuidance | null {
    return this.onScreen ? { ...this.onScreen.guidance } : null;
  }

  /** Forget history (a new visitor): the next offer is shown at once. */
  reset(): void {
    this.frames = [];
    this.onScreen = null;
  }

  private put(key: string, guidance: ShownGuidance, now: number): ShownGuidance {
    this.onScreen = { key, guidance, since: now };
    return { ...guidance };
  }

  /** How often each message was seen in the window, and where last (its latest frame). */
  private tally(): Map<string, Seen> {
    const tally = new Map<string, Seen>();
    this.frames.forEach((frame, index) => {
      tally.set(frame.key, { count: (tally.get(frame.key)?.count ?? 0) + 1, last: index, frame });
    });
    return tally;
  }
}

interface Seen {
  count: number;
  /** Index of its latest frame in the window. */
  last: number;
  /** Its latest frame: the freshest code for 'searching' and 'holding'. */
  frame: Frame;
}

/** The most frequent message; of equals, the one seen most recently. */
function dominantOf(tally: Map<string, Seen>): Seen {
  let best: Seen | undefined;
  for (const seen of tally.values()) {
    if (!best || seen.count > best.count || (seen.count === best.count && seen.last > best.last)) best = seen;
  }
  return best!;
}
