import { describe, expect, it } from 'vitest';
import { overlapVerifyFor } from '../../../electron/core/kiosk-services';
import { PendingLiveness } from '../../../electron/core/pending-liveness';

describe('PendingLiveness: the door opens only on an explicit "live"', () => {
  it('hands the renderer verdict to the attempt waiting for it', async () => {
    const pending = new PendingLiveness(5_000);
    const verdict = pending.open();
    expect(pending.confirm({ live: true })).toBe(true);
    expect(await verdict).toEqual({ live: true });
    // Said once: a second verdict finds nobody waiting.
    expect(pending.confirm({ live: true })).toBe(false);
  });

  it('a renderer that never says is "not live" after the timeout', async () => {
    const pending = new PendingLiveness(50);
    expect(await pending.open()).toEqual({
      live: false,
      code: 'LIVENESS_FAILED',
      detail: 'liveness not confirmed within 50 ms',
    });
    // Too late: the attempt is decided already.
    expect(pending.confirm({ live: true })).toBe(false);
  });

  it('a newer attempt replaces a waiting one, which is then not live', async () => {
    const pending = new PendingLiveness(5_000);
    const first = pending.open();
    const second = pending.open();
    expect(await first).toMatchObject({ live: false, detail: 'replaced by a newer attempt' });
    pending.confirm({ live: true });
    expect(await second).toEqual({ live: true });
  });

  it('closing resolves what waits as not live; a verdict without a wait is ignored', async () => {
    const pending = new PendingLiveness(5_000);
    expect(pending.confirm({ live: true })).toBe(false);
    const waiting = pending.open();
    pending.close();
    expect(await waiting).toMatchObject({ live: false, code: 'LIVENESS_FAILED' });
  });

  it('keeps the reason of a failed verdict', async () => {
    const pending = new PendingLiveness(5_000);
    const waiting = pending.open();
    pending.confirm({ live: false, code: 'CAMERA_FROZEN', detail: 'identical frames' });
    expect(await waiting).toEqual({ live: false, code: 'CAMERA_FROZEN', detail: 'identical frames' });
  });
});

describe('overlapVerifyFor', () => {
  it.each([
    ['auto', 'local', true],
    ['auto', 'faceki', false],
    ['auto', 'hybrid', false],
    ['on', 'faceki', true],
    ['on', 'local', true],
    // The hybrid remembers a FACEKI grant as it answers, before liveness has spoken: never overlapped.
    ['on', 'hybrid', false],
    ['off', 'local', false],
  ] as const)('%s with the %s verifier: %s', (setting, mode, expected) => {
    expect(overlapVerifyFor(setting, mode)).toBe(expected);
  });
});
