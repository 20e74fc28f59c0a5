import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { setupKioskLifecycle } from '../../../../electron/core/shell/kiosk-lifecycle';
import type { OperatorAlert } from '../../../../electron/core/shell/shell-deps';
import { FakeApp, FakeBlocker, FakeWindow, RecordingLog } from './fakes';

const GRACE = 10_000; // DEFAULT_LIFECYCLE_TIMINGS.unresponsiveGraceMs
const CLOSE_TIMEOUT = 3_000; // DEFAULT_LIFECYCLE_TIMINGS.closeTimeoutMs

/** A kiosk on fakes, on the real clock functions, which vi.useFakeTimers() has replaced. */
function kiosk(close: () => Promise<void> = () => Promise.resolve()) {
  const app = new FakeApp();
  const win = new FakeWindow();
  const blocker = new FakeBlocker();
  const log = new RecordingLog();
  const alerts: OperatorAlert[] = [];
  const closeSpy = vi.fn(close);
  setupKioskLifecycle({
    app,
    win,
    powerSaveBlocker: blocker,
    log,
    close: closeSpy,
    onOperatorAlert: (alert) => alerts.push(alert),
    crashLoop: { maxFaults: 3, windowMs: 60_000 },
  });
  return { app, win, contents: win.webContents, blocker, log, alerts, close: closeSpy };
}

beforeEach(() => {
  vi.useFakeTimers({ now: new Date('2030-01-01T08:00:00Z') });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('renderer crashes', () => {
  it.each(['crashed', 'oom', 'abnormal-exit', 'killed', 'launch-failed'])('reloads after %s', (reason) => {
    const { contents, win, log } = kiosk();
    contents.crash(reason, 139);
    expect(contents.reloads).toBe(1);
    expect(win.loadedUrls).toEqual([]);
    expect(log.entries).toContainEqual({
      level: 'error',
      fields: { fault: `render-process-gone: ${reason} (exit code 139)`, recent: 1 },
      message: 'renderer fault; reloading',
    });
  });

  it('does not reload after a clean exit', () => {
    const { contents, log } = kiosk();
    contents.crash('clean-exit', 0);
    expect(contents.reloads).toBe(0);
    expect(log.messages('error')).toEqual([]);
  });

  it('shows the fault page and alerts the operator once the crash-loop limit is reached, then reloads no more', () => {
    const { app, contents, win, alerts } = kiosk();
    contents.crash('crashed', 139);
    vi.advanceTimersByTime(1_000);
    contents.crash('crashed', 139);
    vi.advanceTimersByTime(1_000);
    expect(contents.reloads).toBe(2);
    expect(win.loadedUrls).toEqual([]);

    contents.crash('oom', 0);
    expect(contents.reloads).toBe(2);
    expect(win.loadedUrls).toHaveLength(1);
    const page = decodeURIComponent(win.loadedUrls[0]!);
    expect(page).toMatch(/^data:text\/html;charset=utf-8,/);
    expect(page).toContain('Out of order');
    expect(page).toContain('render-process-gone: oom (exit code 0): 3 faults within 60 s (limit 3)');
    expect(alerts).toEqual([
      {
        kind: 'renderer-crash-loop',
        fault: 'render-process-gone: oom (exit code 0)',
        reason: '3 faults within 60 s (limit 3)',
        recent: 3,
      },
    ]);
    expect(app.exitCodes).toEqual([]);

    // The fault page itself dying: no reload, no second alert, the process gives up.
    contents.crash('crashed', 139);
    expect(contents.reloads).toBe(2);
    expect(win.loadedUrls).toHaveLength(1);
    expect(alerts).toHaveLength(1);
    expect(app.exitCodes).toEqual([1]);
  });

  it('keeps reloading crashes spread further apart than the window', () => {
    const { contents, alerts } = kiosk();
    for (let i = 0; i < 6; i += 1) {
      contents.crash('crashed');
      vi.advanceTimersByTime(31_000);
    }
    expect(contents.reloads).toBe(6);
    expect(alerts).toEqual([]);
  });

  it('does nothing for a window that is already gone', () => {
    const { contents, win } = kiosk();
    win.destroyed = true;
    contents.crash('crashed');
    expect(contents.reloads).toBe(0);
  });

  it('escapes the fault text on the fault page', () => {
    const { contents, win } = kiosk();
    for (let i = 0; i < 3; i += 1) contents.crash('<script>alert(1)</script>');
    const page = decodeURIComponent(win.loadedUrls[0]!);
    expect(page).not.toContain('<script>');
    expect(page).toContain('&#60;script&#62;');
  });
});

describe('an unresponsive renderer', () => {
  it('is killed and reloaded once the grace period has passed', () => {
    const { win, contents, log } = kiosk();
    win.emit('unresponsive');
    vi.advanceTimersByTime(GRACE - 1);
    expect(contents.forcedCrashes).toBe(0);
    expect(contents.reloads).toBe(0);
    vi.advanceTimersByTime(1);
    expect(contents.forcedCrashes).toBe(1);
    // One reload: the 'killed' event our own kill raised is not a second fault.
    expect(contents.reloads).toBe(1);
    expect(log.entries).toContainEqual({ level: 'warn', fields: { graceMs: GRACE }, message: 'renderer unresponsive' });
  });

  it('does not count its own kill as a fault when Electron reports it later, as "crashed"', async () => {
    const { win, contents, alerts } = kiosk();
    contents.forcedCrashReport = { reason: 'crashed', timing: 'async' };
    win.emit('unresponsive');
    await vi.advanceTimersByTimeAsync(GRACE + 10);
    expect(contents.reloads).toBe(1);
    // Had the kill counted, this crash would be the third fault and show the fault page.
    contents.crash('crashed');
    expect(contents.reloads).toBe(2);
    expect(alerts).toEqual([]);
  });

  it('treats a "killed" long after our own kill as a fault of its own', () => {
    const { win, contents } = kiosk();
    contents.forcedCrashReport = { reason: 'killed', timing: 'none' };
    win.emit('unresponsive');
    vi.advanceTimersByTime(GRACE);
    expect(contents.reloads).toBe(1);
    vi.advanceTimersByTime(60_000);
    contents.crash('killed');
    expect(contents.reloads).toBe(2);
  });

  it('is left alone when it answers again within the grace period', () => {
    const { win, contents, log } = kiosk();
    win.emit('unresponsive');
    vi.advanceTimersByTime(GRACE - 1_000);
    win.emit('responsive');
    vi.advanceTimersByTime(GRACE * 3);
    expect(contents.forcedCrashes).toBe(0);
    expect(contents.reloads).toBe(0);
    expect(log.messages('info')).toContain('renderer responsive again');
  });

  it('is judged from the first unresponsive event, however many follow', () => {
    const { win, contents } = kiosk();
    win.emit('unresponsive');
    vi.advanceTimersByTime(GRACE / 2);
    win.emit('unresponsive');
    vi.advanceTimersByTime(GRACE / 2);
    expect(contents.forcedCrashes).toBe(1);
    vi.advanceTimersByTime(GRACE);
    expect(contents.forcedCrashes).toBe(1);
  });

  it('is not killed later when it crashed and was reloaded during the grace period', () => {
    const { win, contents } = kiosk();
    win.emit('unresponsive');
    vi.advanceTimersByTime(1_000);
    contents.crash('crashed');
    vi.advanceTimersByTime(GRACE * 2);
    expect(contents.reloads).toBe(1);
    expect(contents.forcedCrashes).toBe(0);
  });

  it('counts toward the crash-loop limit', () => {
    const { win, contents, alerts } = kiosk();
    for (let i = 0; i < 3; i += 1) {
      win.emit('unresponsive');
      vi.advanceTimersByTime(GRACE);
    }
    expect(contents.forcedCrashes).toBe(3);
    expect(contents.reloads).toBe(2);
    expect(alerts.map((a) => [a.kind, a.fault])).toEqual([['renderer-crash-loop', 'unresponsive']]);
  });
});

describe('the app', () => {
  it('keeps the display awake while it runs', () => {
    const { blocker } = kiosk();
    expect([...blocker.active.values()]).toEqual(['prevent-display-sleep']);
  });

  it('brings a minimised window back when a second instance starts', () => {
    const { app, win } = kiosk();
    win.minimized = true;
    app.emit('second-instance', {}, ['facegate'], '/');
    expect(win.calls).toEqual(['restore', 'focus']);
    win.calls.length = 0;
    app.emit('second-instance', {}, ['facegate'], '/');
    expect(win.calls).toEqual(['focus']);
  });

  it('ignores a second instance once the window is gone', () => {
    const { app, win } = kiosk();
    win.destroyed = true;
    app.emit('second-instance', {}, [], '/');
    expect(win.calls).toEqual([]);
  });

  it('quits when its window closes', () => {
    const { app } = kiosk();
    app.emit('window-all-closed');
    expect(app.quitCalls).toBe(1);
  });
});

describe('quitting', () => {
  it('waits for close() before quitting, and stops the display-sleep blocker', async () => {
    let finishClosing!: () => void;
    const { app, blocker, close, log } = kiosk(() => new Promise<void>((resolve) => (finishClosing = resolve)));
    app.quit();
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(false);
    expect(blocker.active.size).toBe(0);

    await vi.advanceTimersByTimeAsync(CLOSE_TIMEOUT - 1);
    expect(app.quitted).toBe(false);
    finishClosing();
    await vi.advanceTimersByTimeAsync(0);
    expect(app.quitted).toBe(true);
    expect(app.quitCalls).toBe(2);
    expect(log.messages('info')).toContain('facegate stopped');
    expect(log.messages('error')).toEqual([]);
  });

  it('quits anyway when close() hangs, after the timeout', async () => {
    const { app, log } = kiosk(() => new Promise<void>(() => undefined));
    app.quit();
    await vi.advanceTimersByTimeAsync(CLOSE_TIMEOUT - 1);
    expect(app.quitted).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(app.quitted).toBe(true);
    expect(log.entries).toContainEqual({
      level: 'error',
      fields: { timeoutMs: CLOSE_TIMEOUT },
      message: 'closing services timed out; quitting anyway',
    });
  });

  it('quits anyway when close() fails, and says so', async () => {
    const { app, log } = kiosk(() => Promise.reject(new Error('relay port gone')));
    app.quit();
    await vi.advanceTimersByTimeAsync(0);
    expect(app.quitted).toBe(true);
    expect(log.messages('error')).toEqual(['closing services failed']);
  });

  it('quits anyway when close() throws before returning a promise', async () => {
    const { app, log } = kiosk(() => {
      throw new Error('database handle already closed');
    });
    app.quit();
    await vi.advanceTimersByTimeAsync(0);
    expect(app.quitted).toBe(true);
    expect(log.messages('error')).toEqual(['closing services failed']);
  });

  it('closes once even when asked to quit again while closing', async () => {
    let finishClosing!: () => void;
    const { app, close } = kiosk(() => new Promise<void>((resolve) => (finishClosing = resolve)));
    app.quit();
    app.quit();
    expect(app.quitted).toBe(false);
    finishClosing();
    await vi.advanceTimersByTimeAsync(0);
    expect(close).toHaveBeenCalledTimes(1);
    expect(app.quitted).toBe(true);
  });
});
