/**
 * How an operator opens the admin screen on a kiosk that shows nothing to press: a key chord on a
 * keyboard (Ctrl+Alt+Shift+A; the Electron shell lets this one through, see core/shell), or five
 * taps in the top-left corner within three seconds on a touch screen. Neither is a secret worth
 * keeping: the PIN behind them is what guards the screen.
 */

export interface KeyLike {
  key: string;
  code: string;
  ctrlKey: boolean;
  altKey: boolean;
  shiftKey: boolean;
  metaKey: boolean;
}

export function isAdminChord(e: KeyLike): boolean {
  return e.ctrlKey && e.altKey && e.shiftKey && !e.metaKey && (e.code === 'KeyA' || e.key.toLowerCase() === 'a');
}

export interface CornerTapOptions {
  taps: number;
  windowMs: number;
  /** Size of the corner square, in CSS pixels. */
  cornerPx: number;
}

export const DEFAULT_CORNER_TAPS: CornerTapOptions = { taps: 5, windowMs: 3_000, cornerPx: 80 };

/** Counts taps in the top-left corner; a tap elsewhere starts the count over. */
export class CornerTaps {
  private times: number[] = [];

  constructor(private readonly options: CornerTapOptions = DEFAULT_CORNER_TAPS) {}

  /** Returns true on the tap that completes the gesture. */
  tap(x: number, y: number, at: number): boolean {
    if (x > this.options.cornerPx || y > this.options.cornerPx) {
      this.times = [];
      return false;
    }
    this.times = [...this.times.filter((t) => at - t <= this.options.windowMs), at];
    if (this.times.length < this.options.taps) return false;
    this.times = [];
    return true;
  }
}
