import { describe, expect, it } from 'vitest';
import { BestFrameTracker, frameQuality } from '../../../../renderer/src/vision/best-frame';
import { face as observed } from './observations';

const face = (score: number, w = 200) => observed(100, 100, w, w, { detectorScore: score });

describe('BestFrameTracker', () => {
  it('is ready after framesToHold consecutive passes and hands over the surest face', () => {
    const t = new BestFrameTracker<number>(3);
    expect(t.offer(1, face(0.8))).toBe(true);
    expect(t.offer(2, face(0.95))).toBe(true);
    expect(t.ready).toBe(false);
    expect(t.offer(3, face(0.9))).toBe(false);
    expect(t.ready).toBe(true);
    expect(t.take()).toEqual({ frame: 2, face: face(0.95), framesConsidered: 3 });
    expect(t.ready).toBe(false);
    expect(t.take()).toBeNull();
  });

  it('starts over when a frame fails the gate', () => {
    const t = new BestFrameTracker<number>(2);
    t.offer(1, face(0.9));
    t.reset();
    t.offer(2, face(0.7));
    expect(t.ready).toBe(false);
    t.offer(3, face(0.6));
    expect(t.take()?.frame).toBe(2);
  });

  it('prefers the larger face when scores tie', () => {
    const t = new BestFrameTracker<number>(2);
    t.offer(1, face(0.9, 150));
    t.offer(2, face(0.9, 250));
    expect(t.take()?.frame).toBe(2);
  });
});

describe('frameQuality', () => {
  it('prefers a sharp, frontal face over a blurred or turned one of the same score', () => {
    const frontal = observed(100, 100, 200, 200, { detectorScore: 0.9, yaw: 0, pitch: 0 });
    const turned = observed(100, 100, 200, 200, { detectorScore: 0.9, yaw: 30, pitch: 0 });
    expect(frameQuality(frontal, 400)).toBeGreaterThan(frameQuality(turned, 400));
    expect(frameQuality(frontal, 400)).toBeGreaterThan(frameQuality(frontal, 40));
  });
});
