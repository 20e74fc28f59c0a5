import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import type { RelayHealth } from '../../../../electron/core/relay/door-relay';
import { RelayBench, answerFrames, waitFor } from './relay-helpers';

// A board that is missing, unplugged, plugged back or silent, over a real socat pseudo-terminal pair:
// killing socat is the USB cable pulled (the device node goes away and the open descriptor dies),
// starting it again on the same link paths is the board plugged back in.
const ON = 'a00101a2';
const OFF = 'a00100a1';
const UNAVAILABLE = 'door controller unavailable';

let bench: RelayBench;
beforeEach(() => {
  bench = new RelayBench();
});
afterEach(() => bench.cleanup());

/** The health changes as the kiosk sees them: connected or not, consecutive repeats folded. */
const connectedSequence = (healths: RelayHealth[]) =>
  healths.map((h) => h.connected).filter((c, i, all) => i === 0 || c !== all[i - 1]);

describe('a board that is not there', () => {
  it('start() does not throw; health and onHealth say unavailable; pulse() is RELAY_UNAVAILABLE', async () => {
    const relay = bench.relay({ port: join(bench.dir, 'no-such-tty') });
    await relay.start();
    expect(relay.health()).toEqual({
      fitted: true,
      connected: false,
      detail: expect.stringMatching(new RegExp(`^${UNAVAILABLE}: .*no-such-tty`)),
    });
    expect(bench.healths).toEqual([relay.health()]);
    const error = await relay.pulse(300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining('no-such-tty') });
  });

  it('is picked up when it appears after start, without a restart, rest frame first', async () => {
    const relay = bench.relay({ openMs: 200 });
    await relay.start();
    expect(relay.health().connected).toBe(false);
    const pty = await bench.plug();
    await waitFor(() => relay.health().connected, 'the relay to find the board');
    expect((await pty.waitForBytes(4)).toString('hex')).toBe(OFF);
    await relay.pulse();
    await relay.settle();
    await pty.waitForBytes(12);
    expect(pty.frames(4).map((f) => f.hex)).toEqual([OFF, ON, OFF]);
    expect(connectedSequence(bench.healths)).toEqual([false, true]);
  });
});

describe('unplug and replug', () => {
  it('reports the unplug, refuses grants meanwhile, and reconnects by itself when the board is back', async () => {
    const first = await bench.plug();
    const relay = bench.relay({ openMs: 200, reconnectMs: 100 });
    await relay.start();
    await first.waitForBytes(4);
    expect(relay.health()).toMatchObject({ connected: true, detail: expect.stringContaining('LCUS channel 1') });

    await first.close();
    await waitFor(() => !relay.health().connected, 'the unplug to be noticed');
    expect(bench.healths.at(-1)).toMatchObject({ connected: false, detail: expect.stringContaining(UNAVAILABLE) });
    await expect(relay.pulse()).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
    expect(relay.health().connected).toBe(false);

    const second = await bench.plug();
    const plugged = performance.now();
    await waitFor(() => relay.health().connected, 'the reconnection');
    // reconnectMs is 100: well under a second, even on a busy machine.
    expect(performance.now() - plugged).toBeLessThan(1_500);
    expect((await second.waitForBytes(4)).toString('hex')).toBe(OFF);

    await relay.pulse();
    await relay.settle();
    await second.waitForBytes(12);
    expect(second.frames(4).map((f) => f.hex)).toEqual([OFF, ON, OFF]);
    expect(first.frames(4).map((f) => f.hex)).toEqual([OFF]);
    expect(connectedSequence(bench.healths)).toEqual([true, false, true]);
  });

  it('unplugged while the door is open: the pulse ends, and the board gets the rest frame when it is back', async () => {
    const first = await bench.plug();
    const relay = bench.relay({ openMs: 10_000, reconnectMs: 100 });
    await relay.start();
    await relay.pulse();
    await first.waitForBytes(8);

    await first.close();
    await waitFor(() => !relay.health().connected, 'the unplug to be noticed');
    // Nothing is left waiting on a port that is gone (a kiosk quitting now must not hang).
    await relay.settle();

    const second = await bench.plug();
    await waitFor(() => relay.health().connected, 'the reconnection');
    expect((await second.waitForBytes(4)).toString('hex')).toBe(OFF);
    await relay.close();
    await second.waitForBytes(8);
    // The only other frame is the rest of close(): the old pulse's timer did not survive the unplug.
    expect(second.frames(4).map((f) => f.hex)).toEqual([OFF, OFF]);
  });

  it('closing while the board is away does not hang, and stops looking for it', async () => {
    const first = await bench.plug();
    const relay = bench.relay({ reconnectMs: 100 });
    await relay.start();
    await first.close();
    await waitFor(() => !relay.health().connected, 'the unplug to be noticed');
    await relay.close();
    const second = await bench.plug();
    // Give the reconnect timer several periods to misbehave, bounded by a condition that must stay false.
    await expect(waitFor(() => second.received().length > 0, 'a frame after close', 600)).rejects.toThrow();
    expect(relay.health().connected).toBe(false);
  });
});

describe('a board that confirms its commands (custom protocol with a reply)', () => {
  const custom = (replyTimeoutMs: number) => ({
    protocol: 'custom',
    custom: { on: '55 01', off: '55 00', reply: 'AC', replyTimeoutMs },
  });

  it('a confirmed pulse resolves; every command was waited for', async () => {
    const pty = await bench.plug();
    const stop = answerFrames(pty, 2, Buffer.from([0xac]));
    try {
      const relay = bench.relay({ ...custom(1_000), openMs: 200 });
      await relay.start();
      expect(relay.health().connected).toBe(true);
      await relay.pulse();
      await relay.settle();
      expect(relay.health().connected).toBe(true);
      await relay.close();
      await pty.waitForBytes(8);
      expect(pty.frames(2).map((f) => f.hex)).toEqual(['5500', '5501', '5500', '5500']);
    } finally {
      stop();
    }
  });

  it('an unconfirmed ON: pulse() is RELAY_UNAVAILABLE, and OFF is sent right after (forced rest)', async () => {
    const pty = await bench.plug();
    // The board confirms the rest frame at start, then falls silent.
    const stop = answerFrames(pty, 2, Buffer.from([0xac]), 1);
    try {
      const relay = bench.relay({ ...custom(300), openMs: 10_000, reconnectMs: 5_000 });
      await relay.start();
      expect(relay.health().connected).toBe(true);
      const error = await relay.pulse().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CodedError);
      expect(error).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining('did not confirm') });
      await pty.waitForBytes(6);
      const [, onFrame, offFrame] = pty.frames(2);
      expect([onFrame!.hex, offFrame!.hex]).toEqual(['5501', '5500']);
      // OFF followed the missing answer (300 ms), not the end of a 10 s pulse.
      expect(offFrame!.at - onFrame!.at).toBeLessThan(2_000);
      expect(relay.health()).toMatchObject({ connected: false, detail: expect.stringContaining(UNAVAILABLE) });
    } finally {
      stop();
    }
  });

  it('a board that never answers is not connected at start, with the reason', async () => {
    const pty = await bench.plug();
    const relay = bench.relay({ ...custom(200), reconnectMs: 5_000 });
    await relay.start();
    expect((await pty.waitForBytes(2)).toString('hex')).toBe('5500');
    expect(relay.health()).toMatchObject({ connected: false, detail: expect.stringContaining('did not confirm') });
  });
});
