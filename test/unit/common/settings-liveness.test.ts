import { describe, expect, it } from 'vitest';
import { defaultSettings, settingsSchema } from '../../../electron/common/settings';

// The liveness block's defaults and rules (issue 12: decide on frames, not on a wall-clock wait).
describe('settings.liveness', () => {
  it('decides on frames by default: a few frames of clear evidence, no wall-clock wait', () => {
    expect(defaultSettings().liveness).toMatchObject({ windowFrames: 10, minLiveFrames: 4, minLiveMs: 0 });
  });

  it('keeps the minimum at 3 frames or more, so one lucky frame can never be enough', () => {
    const parsed = settingsSchema.safeParse({ liveness: { minLiveFrames: 2 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues[0]?.path).toEqual(['liveness', 'minLiveFrames']);
  });

  it('refuses minLiveFrames above windowFrames, saying which', () => {
    const parsed = settingsSchema.safeParse({ liveness: { windowFrames: 6, minLiveFrames: 8 } });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues).toEqual([
      expect.objectContaining({ path: ['liveness', 'minLiveFrames'], message: expect.stringMatching(/windowFrames/) }),
    ]);
  });

  it('accepts the old behaviour: minLiveFrames equal to windowFrames, and a wall-clock floor', () => {
    const parsed = settingsSchema.parse({ liveness: { windowFrames: 10, minLiveFrames: 10, minLiveMs: 1_000 } });
    expect(parsed.liveness).toMatchObject({ minLiveFrames: 10, minLiveMs: 1_000 });
  });
});
