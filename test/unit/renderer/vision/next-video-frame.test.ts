import { describe, expect, it, vi } from 'vitest';
import {
  nextVideoFrame,
  VideoFrameClock,
  type FrameSourceVideo,
} from '../../../../renderer/src/vision/next-video-frame';

/** A <video> whose frames the test presents by hand, and real timers under vitest's fake clock. */
function fakeVideo() {
  const callbacks = new Map<number, () => void>();
  let next = 1;
  const video: Required<FrameSourceVideo> = {
    requestVideoFrameCallback: (callback) => {
      callbacks.set(next, callback);
      return next++;
    },
    cancelVideoFrameCallback: (handle) => void callbacks.delete(handle),
  };
  const present = () => {
    const pending = [...callbacks.values()];
    callbacks.clear();
    for (const callback of pending) callback();
  };
  return { video, present, pending: () => callbacks.size };
}

const timers = () => ({
  setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
  clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
  requestAnimationFrame: (callback: () => void) => setTimeout(callback, 16),
});

describe('nextVideoFrame', () => {
  it('waits for the camera to present a new frame, not for the screen to refresh', async () => {
    vi.useFakeTimers();
    try {
      const { video, present } = fakeVideo();
      let done = false;
      const waiting = nextVideoFrame(video, 500, timers()).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(100); // six screen refreshes, no camera frame
      expect(done).toBe(false);
      present();
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });

  it('gives up after stallMs so a camera that stopped still reaches the frozen verdict, and drops its callback', async () => {
    vi.useFakeTimers();
    try {
      const { video, pending } = fakeVideo();
      let done = false;
      const waiting = nextVideoFrame(video, 500, timers()).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(499);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
      expect(pending()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a frame that arrives first cancels the stall timer (no late second resolve keeps timers alive)', async () => {
    vi.useFakeTimers();
    try {
      const { video, present } = fakeVideo();
      const waiting = nextVideoFrame(video, 500, timers());
      present();
      await waiting;
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it('falls back to the next animation frame where requestVideoFrameCallback does not exist', async () => {
    vi.useFakeTimers();
    try {
      let done = false;
      const waiting = nextVideoFrame({}, 500, timers()).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(15);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(done).toBe(true);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('VideoFrameClock', () => {
  it('goes straight on when an unread frame is there, and waits when the newest one has been read', async () => {
    vi.useFakeTimers();
    try {
      const { video, present } = fakeVideo();
      const clock = new VideoFrameClock(video, timers());
      present(); // a frame arrived while the loop was busy detecting
      let done = false;
      await clock.next(500).then(() => (done = true));
      expect(done).toBe(true);
      // That frame is read now: the next call waits for a new one.
      done = false;
      const waiting = clock.next(500).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(done).toBe(false);
      present();
      await waiting;
      expect(done).toBe(true);
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('two frames presented while busy are one unread frame: the loop reads the newest, not a backlog', async () => {
    vi.useFakeTimers();
    try {
      const { video, present } = fakeVideo();
      const clock = new VideoFrameClock(video, timers());
      present();
      present();
      await clock.next(500);
      let done = false;
      const waiting = clock.next(500).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(100);
      expect(done).toBe(false);
      present();
      await waiting;
      clock.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('a camera that stopped presenting still lets the loop on after stallMs; stop() drops the callback', async () => {
    vi.useFakeTimers();
    try {
      const { video, pending } = fakeVideo();
      const clock = new VideoFrameClock(video, timers());
      let done = false;
      const waiting = clock.next(500).then(() => (done = true));
      await vi.advanceTimersByTimeAsync(499);
      expect(done).toBe(false);
      await vi.advanceTimersByTimeAsync(1);
      await waiting;
      expect(pending()).toBe(1);
      clock.stop();
      expect(pending()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
