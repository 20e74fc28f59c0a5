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
