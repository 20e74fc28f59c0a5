/** What nextVideoFrame needs of a <video>: Chromium's requestVideoFrameCallback, when there is one. */
export interface FrameSourceVideo {
  requestVideoFrameCallback?(callback: () => void): number;
  cancelVideoFrameCallback?(handle: number): void;
}

export interface FrameTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  requestAnimationFrame(callback: () => void): unknown;
}

const browserTimers = (): FrameTimers => ({
  setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  requestAnimationFrame: (callback) => globalThis.requestAnimationFrame(() => callback()),
});

/**
 * Resolves when the camera has presented a new frame, or after stallMs without one.
 *
 * Why not the next animation frame: the screen refreshes at 60 Hz and the camera at 30 Hz (slower
 * while its stream starts), so a loop paced by requestAnimationFrame reads the same camera frame
 * again and again. Liveness counts identical frames in a row as a frozen camera: a preview whose
 * stream was still settling was refused as CAMERA_FROZEN within a second (seen in the enrolment
 * e2e, 1 run in 7). Waiting for the camera's own next frame reads each frame once.
 *
 * Why the stall timeout: a camera that really stops presenting frames must still reach the frozen
 * verdict (and the loop must go on to notice), so after stallMs the caller reads what is there.
 */
export function nextVideoFrame(
  video: FrameSourceVideo,
  stallMs = 500,
  timers: FrameTimers = browserTimers(),
): Promise<void> {
  return new Promise((resolve) => {
    if (typeof video.requestVideoFrameCallback !== 'function') {
      timers.requestAnimationFrame(() => resolve());
      return;
    }
    let handle = 0;
    const timer = timers.setTimeout(() => {
      video.cancelVideoFrameCallback?.(handle);
      resolve();
    }, stallMs);
    handle = video.requestVideoFrameCallback(() => {
      timers.clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * Counts the frames the camera presents, so a loop whose work outlasts a frame (a detection takes
 * about two of the camera's 33 ms frames) goes straight on when a frame it has not read is already
 * there, and waits only when it has read the newest one. nextVideoFrame alone waits for the frame
 * after the next presentation: on average half a frame more per iteration, about 60 ms over the
 * four frames liveness needs at the door.
 */
export class VideoFrameClock {
  private presented = 0;
  private read = 0;
  private handle = 0;
  private stopped = false;
  private waiter: (() => void) | null = null;

  constructor(
    private readonly video: FrameSourceVideo,
    private readonly timers: FrameTimers = browserTimers(),
  ) {
    this.watch();
  }

  /** Resolves at once when an unread frame is there, else at the next presentation or after stallMs. */
  next(stallMs = 500): Promise<void> {
    if (typeof this.video.requestVideoFrameCallback !== 'function')
      return nextVideoFrame(this.video, stallMs, this.timers);
    if (this.presented > this.read) {
      this.read = this.presented;
      return Promise.resolve();
    }
    return new Promise((resolve) => {
      const timer = this.timers.setTimeout(() => {
        this.waiter = null;
        // No frame for stallMs: ask again, in case a new stream on the element (the camera reopened
        // after an unplug) dropped the callback rather than the camera stalling.
        this.video.cancelVideoFrameCallback?.(this.handle);
        this.watch();
        resolve();
      }, stallMs);
      this.waiter = () => {
        this.timers.clearTimeout(timer);
        this.read = this.presented;
        resolve();
      };
    });
  }

  stop(): void {
    this.stopped = true;
    this.video.cancelVideoFrameCallback?.(this.handle);
  }

  private watch(): void {
    if (this.stopped || typeof this.video.requestVideoFrameCallback !== 'function') return;
    this.handle = this.video.requestVideoFrameCallback(() => {
      this.presented += 1;
      const waiter = this.waiter;
      this.waiter = null;
      waiter?.();
      this.watch();
    });
  }
}
