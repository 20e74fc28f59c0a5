import { describe, expect, it } from 'vitest';
import { EMPTY_LOBBY_MS, visitsOf, type DetectFrame, type RawReport } from '../../../bench/walk-up-timeline';

/** Frames of `ms` each, back to back from `from`, all idle or all active. */
function frames(from: number, count: number, ms: number, idle: boolean): DetectFrame[] {
  return Array.from({ length: count }, (_, i) => ({ start: from + i * ms, end: from + i * ms + ms - 5, idle }));
}

const report = (at: number, state: string, code?: string): RawReport => ({ at, state, code });

describe('visitsOf', () => {
  it('takes the idle frame that saw the face, not the active frame that reported it', () => {
    // Lobby empty (reported at 0), idle frames every 300 ms; the face is in the idle frame at 3000,
    // the loop goes active and reports "holding" after the frame at 3300.
    const timeline = [...frames(0, 11, 300, true), ...frames(3_300, 10, 80, false)];
    const visits = visitsOf([report(0, 'searching', 'FACE_NOT_FOUND'), report(3_380, 'holding')], timeline, [4_100]);
    expect(visits).toEqual([{ faceAt: 3_000, doorAt: 4_100 }]);
  });

  it('takes the reporting frame itself when the visitor walked up to a loop that never went idle', () => {
    const timeline = frames(0, 60, 100, false);
    const reports = [
      report(50, 'searching', 'FACE_NOT_FOUND'),
      report(EMPTY_LOBBY_MS + 1_000, 'guiding', 'FACE_TOO_SMALL'),
    ];
    // The report at 2500 follows the frame that ended at 2495 (started at 2400).
    expect(visitsOf(reports, timeline, [3_000])).toEqual([{ faceAt: 2_400, doorAt: 3_000 }]);
  });

  it('does not count a face lost for a frame as a new visitor', () => {
    const timeline = frames(0, 100, 100, false);
    const reports = [
      report(105, 'holding'),
      report(1_005, 'searching', 'FACE_NOT_FOUND'),
      report(1_205, 'holding'),
      report(1_505, 'verifying'),
    ];
    expect(visitsOf(reports, timeline, [2_000])).toEqual([{ faceAt: 0, doorAt: 2_000 }]);
  });

  it('leaves the door of a visitor it stayed shut for empty, and gives the next door to the next visitor', () => {
    const timeline = frames(0, 200, 100, false);
    const reports = [
      report(105, 'holding'),
      report(2_005, 'searching', 'FACE_NOT_FOUND'),
      report(5_005, 'holding'),
      report(6_005, 'guiding', 'LIVENESS_FAILED'),
      report(8_005, 'searching', 'FACE_NOT_FOUND'),
      report(12_005, 'holding'),
    ];
    expect(visitsOf(reports, timeline, [1_500, 13_000])).toEqual([
      { faceAt: 0, doorAt: 1_500 },
      { faceAt: 4_900, doorAt: null },
      { faceAt: 11_900, doorAt: 13_000 },
    ]);
  });
});
