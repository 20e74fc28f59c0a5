import { describe, expect, it } from 'vitest';
import { CornerTaps, isAdminChord } from '../../../renderer/src/admin/secret-gesture';

const key = (over: Partial<Parameters<typeof isAdminChord>[0]>) => ({
  key: 'A',
  code: 'KeyA',
  ctrlKey: true,
  altKey: true,
  shiftKey: true,
  metaKey: false,
  ...over,
});

describe('the admin screen’s way in', () => {
  it('opens on Ctrl+Alt+Shift+A only (any layout: by key code or by letter)', () => {
    expect(isAdminChord(key({}))).toBe(true);
    expect(isAdminChord(key({ code: 'KeyQ', key: 'a' }))).toBe(true); // AZERTY: the A key is at Q's place
    expect(isAdminChord(key({ shiftKey: false }))).toBe(false);
    expect(isAdminChord(key({ altKey: false }))).toBe(false);
    expect(isAdminChord(key({ metaKey: true }))).toBe(false);
    expect(isAdminChord(key({ key: 'B', code: 'KeyB' }))).toBe(false);
  });

  it('opens on five taps in the top-left corner within three seconds', () => {
    const taps = new CornerTaps();
    expect([0, 400, 800, 1200].map((t) => taps.tap(10, 10, t))).toEqual([false, false, false, false]);
    expect(taps.tap(70, 70, 1600)).toBe(true);
    // And starts over after.
    expect(taps.tap(10, 10, 1700)).toBe(false);
  });

  it('does not open on slow taps, or when a tap lands elsewhere', () => {
    const slow = new CornerTaps();
    expect([0, 1000, 2000, 3000, 4000].some((t) => slow.tap(5, 5, t))).toBe(false);
    const interrupted = new CornerTaps();
    for (const t of [0, 100, 200, 300]) interrupted.tap(5, 5, t);
    expect(interrupted.tap(500, 300, 400)).toBe(false);
    expect(interrupted.tap(5, 5, 500)).toBe(false);
  });
});
