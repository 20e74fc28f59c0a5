import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restOnStopSignals, type SignalTarget, type StopSignal } from '../../../electron/cli/stop-signals';

// The rules of a stop signal with a fake process (the real signals, against a real relay PTY, are in
// relay.test.ts and verify.test.ts): rest first, exit 128 + n after, once, and never hang.

class FakeProcess extends EventEmitter implements SignalTarget {
  exits: number[] = [];
  exit(code: number): void {
    this.exits.push(code);
  }
  send(signal: StopSignal): void {
    this.emit(signal);
  }
}

let target: FakeProcess;
const warnings: string[] = [];
const options = (graceMs = 5_000) => ({ target, graceMs, warn: (line: string) => warnings.push(line) });

beforeEach(() => {
  vi.useFakeTimers();
  target = new FakeProcess();
  warnings.length = 0;
});
afterEach(() => vi.useRealTimers());

describe('restOnStopSignals', () => {
  it('rests, then exits with 128 + the signal, once however many signals come', async () => {
    const order: string[] = [];
    let finishRest: () => void = () => {};
    restOnStopSignals(
      () =>
        new Promise<void>((resolve) => {
          order.push('rest');
          finishRest = () => {
            order.push('rested');
            resolve();
          };
        }),
      options(),
    );
    target.send('SIGTERM');
    target.send('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(target.exits).toEqual([]);
    finishRest();
    await vi.advanceTimersByTimeAsync(0);
    expect(order).toEqual(['rest', 'rested']);
    expect(target.exits).toEqual([143]);
    expect(warnings).toEqual(['facegate: SIGTERM: resting the door relay, then exiting (143)']);
  });

  it('exits anyway when the rest does not finish within graceMs, and when it fails', async () => {
    restOnStopSignals(() => new Promise<void>(() => {}), options(1_000));
    target.send('SIGHUP');
    await vi.advanceTimersByTimeAsync(999);
    expect(target.exits).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(target.exits).toEqual([129]);

    const failing = new FakeProcess();
    target = failing;
    restOnStopSignals(() => Promise.reject(new Error('port is closed')), options());
    failing.send('SIGINT');
    await vi.advanceTimersByTimeAsync(0);
    expect(failing.exits).toEqual([130]);
    expect(warnings.at(-1)).toMatch(/could not rest the door relay: port is closed/);
  });

  it('listens no more once released', () => {
    const release = restOnStopSignals(async () => {}, options());
    expect(target.listenerCount('SIGINT')).toBe(1);
    release();
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) expect(target.listenerCount(signal)).toBe(0);
  });
});
