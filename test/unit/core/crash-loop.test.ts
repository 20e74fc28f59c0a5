import { describe, expect, it } from 'vitest';
import { CrashLoopGuard, formatHistory, parseHistory } from '../../../electron/core/crash-loop';

/** A clock the test moves by hand. */
function fakeClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('CrashLoopGuard', () => {
  it('restarts until the limit is reached inside the window, then gives up with a reason', () => {
    const clock = fakeClock();
    const guard = new CrashLoopGuard({ maxFaults: 3, windowMs: 60_000 }, clock.now);
    expect(guard.record()).toEqual({ action: 'restart', recent: 1 });
    clock.advance(10_000);
    expect(guard.record()).toEqual({ action: 'restart', recent: 2 });
    clock.advance(10_000);
    const verdict = guard.record();
    expect(verdict.action).toBe('give-up');
    expect(verdict.recent).toBe(3);
    expect(verdict.action === 'give-up' && verdict.reason).toBe('3 faults within 60 s (limit 3)');
  });

  it('forgets faults older than the window', () => {
    const clock = fakeClock();
    const guard = new CrashLoopGuard({ maxFaults: 3, windowMs: 60_000 }, clock.now);
    guard.record();
    guard.record();
    clock.advance(60_000); // both earlier faults are now exactly one window old: out
    expect(guard.record()).toEqual({ action: 'restart', recent: 1 });
  });

  it('treats faults spread thinly over time as isolated, however many there are', () => {
    const clock = fakeClock();
    const guard = new CrashLoopGuard({ maxFaults: 3, windowMs: 60_000 }, clock.now);
    for (let i = 0; i < 20; i += 1) {
      expect(guard.record().action).toBe('restart');
      clock.advance(31_000);
    }
  });

  it('keeps giving up while the loop goes on', () => {
    const clock = fakeClock();
    const guard = new CrashLoopGuard({ maxFaults: 2, windowMs: 1_000 }, clock.now);
    guard.record();
    expect(guard.record().action).toBe('give-up');
    clock.advance(100);
    expect(guard.record().action).toBe('give-up');
  });

  it('continues from a history carried across a relaunch', () => {
    const clock = fakeClock();
    const first = new CrashLoopGuard({ maxFaults: 3, windowMs: 60_000 }, clock.now);
    first.record();
    clock.advance(1_000);
    first.record();
    const carried = parseHistory(formatHistory(first.history()));
    clock.advance(1_000);
    const second = new CrashLoopGuard({ maxFaults: 3, windowMs: 60_000 }, clock.now, carried);
    expect(second.record().action).toBe('give-up');
  });

  it('drops expired entries from the history it hands on', () => {
    const clock = fakeClock();
    const guard = new CrashLoopGuard({ maxFaults: 5, windowMs: 10_000 }, clock.now);
    guard.record();
    clock.advance(5_000);
    guard.record();
    clock.advance(6_000);
    expect(guard.history()).toEqual([clock.now() - 6_000]);
  });

  it('refuses a limit that could never restart', () => {
    expect(() => new CrashLoopGuard({ maxFaults: 0, windowMs: 1_000 })).toThrow(RangeError);
    expect(() => new CrashLoopGuard({ maxFaults: 3, windowMs: 0 })).toThrow(RangeError);
  });
});

describe('parseHistory', () => {
  it('ignores missing and malformed input instead of trusting it', () => {
    expect(parseHistory(undefined)).toEqual([]);
    expect(parseHistory('')).toEqual([]);
    expect(parseHistory('12,abc,-5,1.5,,99')).toEqual([12, 99]);
  });
});
