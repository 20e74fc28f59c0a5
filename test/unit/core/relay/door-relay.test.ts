import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { relaySettingsSchema } from '../../../../electron/common/relay-settings';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { NoRelay, SerialDoorRelay, createDoorRelay, type DoorRelay } from '../../../../electron/core/relay/door-relay';
import type { RelayPty } from '../../../fakes/relay-pty';
import { RelayBench, waitFor } from './relay-helpers';

// The bytes and their timing, per protocol, as a board plugged into a real serial device would get
// them: the relay opens the app side of a socat pseudo-terminal pair with serialport, the test reads
// the other side and stamps each read. Timing bounds are loose on purpose: they tell a pulse from no
// pulse, or an extended pulse from a plain one, on a loaded machine; they do not measure the timer.
const PROTOCOLS = [
  { name: 'LCUS channel 1', settings: { protocol: 'lcus', channel: 1 }, on: 'a00101a2', off: 'a00100a1' },
  { name: 'LCUS channel 3', settings: { protocol: 'lcus', channel: 3 }, on: 'a00301a4', off: 'a00300a3' },
  { name: 'AA/BB board', settings: { protocol: 'aabb' }, on: 'aa', off: 'bb' },
  {
    name: 'custom board',
    settings: { protocol: 'custom', baudRate: 19200, custom: { on: '55 01', off: '55 00' } },
    on: '5501',
    off: '5500',
  },
] as const;

describe('relays without a serial port', () => {
  it('NoRelay: start() is quiet, health says not configured, pulse() is RELAY_UNAVAILABLE', async () => {
    const relay: DoorRelay = new NoRelay();
    await relay.start();
    expect(relay.fitted).toBe(false);
    expect(relay.health()).toEqual({ fitted: false, connected: false, detail: 'no door relay configured' });
    const error = await relay.pulse(300).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'RELAY_UNAVAILABLE' });
    await relay.settle();
    await relay.close();
  });

  it('createDoorRelay fits a serial relay only when a port is configured', () => {
    expect(createDoorRelay(relaySettingsSchema.parse({}))).toBeInstanceOf(NoRelay);
    const fitted = createDoorRelay(relaySettingsSchema.parse({ port: '/dev/ttyUSB9' }));
    expect(fitted).toBeInstanceOf(SerialDoorRelay);
    expect(fitted.health()).toMatchObject({ fitted: true, connected: false });
  });
});

describe.each(PROTOCOLS)('$name over a real pseudo-terminal', ({ settings, on, off }) => {
  const size = on.length / 2;
  let bench: RelayBench;
  let pty: RelayPty;

  beforeEach(async () => {
    bench = new RelayBench();
    pty = await bench.plug();
  });
  afterEach(() => bench.cleanup());

  const frames = () => pty.frames(size);
  const hexes = () => frames().map((f) => f.hex);
  /** Waits for n frames in all and returns them. */
  async function nFrames(n: number, timeoutMs = 3_000) {
    await pty.waitForBytes(n * size, timeoutMs);
    return frames();
  }

  it('start() puts the contact to rest before anything else and reports the board connected', async () => {
    const relay = bench.relay({ ...settings, openMs: 300 });
    await relay.start();
    expect((await nFrames(1)).map((f) => f.hex)).toEqual([off]);
    expect(relay.health()).toMatchObject({
      fitted: true,
      connected: true,
      detail: expect.stringContaining(pty.appPath),
    });
    expect(bench.healths).toEqual([relay.health()]);
  });

  it('pulse(300) writes ON at once and OFF about 300 ms later, from the timer in this process', async () => {
    const relay = bench.relay({ ...settings, openMs: 5_000 });
    await relay.start();
    await nFrames(1);
    const called = performance.now();
    await relay.pulse(300);
    const [, onFrame, offFrame] = await nFrames(3);
    expect(hexes()).toEqual([off, on, off]);
    expect(onFrame!.at - called).toBeLessThan(300);
    const gap = offFrame!.at - onFrame!.at;
    expect(gap).toBeGreaterThanOrEqual(250);
    expect(gap).toBeLessThan(1_000);
  });

  it('pulse() without a length keeps the door open for openMs', async () => {
    const relay = bench.relay({ ...settings, openMs: 600 });
    await relay.start();
    await relay.pulse();
    const [, onFrame, offFrame] = await nFrames(3);
    expect(offFrame!.at - onFrame!.at).toBeGreaterThanOrEqual(550);
  });

  it('a second grant during a pulse extends it: one ON, one OFF, OFF a full pulse after the second grant', async () => {
    const relay = bench.relay({ ...settings, openMs: 5_000 });
    await relay.start();
    await relay.pulse(500);
    const [, onFrame] = await nFrames(2);
    const second = performance.now();
    // Still open when the second grant came, or this test would prove nothing.
    expect(hexes()).toEqual([off, on]);
    await relay.pulse(800);
    await relay.settle();
    const [, , offFrame] = await nFrames(3);
    expect(hexes()).toEqual([off, on, off]);
    expect(offFrame!.at - second).toBeGreaterThanOrEqual(780);
    expect(offFrame!.at - onFrame!.at).toBeLessThan(2_500);
  });

  it('a shorter grant during a longer pulse does not cut it short', async () => {
    const relay = bench.relay({ ...settings, openMs: 5_000 });
    await relay.start();
    await relay.pulse(700);
    const [, onFrame] = await nFrames(2);
    await relay.pulse(200);
    await relay.settle();
    const [, , offFrame] = await nFrames(3);
    expect(hexes()).toEqual([off, on, off]);
    expect(offFrame!.at - onFrame!.at).toBeGreaterThanOrEqual(650);
  });

  it('grants that arrive together while ON is on its way share one pulse, and one open of the tty', async () => {
    const relay = bench.relay({ ...settings, openMs: 300 });
    // Not started: both grants need the port opened; opening a tty twice fails with "Cannot lock port".
    const results = await Promise.allSettled([relay.pulse(), relay.pulse(), relay.pulse()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled']);
    await relay.settle();
    await nFrames(3);
    expect(hexes()).toEqual([off, on, off]);
  });

  it('a grant right after a pulse has ended is a new pulse, and settle() waits for its end', async () => {
    const relay = bench.relay({ ...settings, openMs: 200 });
    await relay.start();
    await relay.pulse();
    await waitFor(() => frames().length >= 3, 'the OFF of the first pulse');
    await relay.pulse();
    await relay.settle();
    await nFrames(5);
    expect(hexes()).toEqual([off, on, off, on, off]);
  });

  it('close() during a pulse sends OFF at once: the door is never left open because we quit', async () => {
    const relay = bench.relay({ ...settings, openMs: 5_000 });
    await relay.start();
    await relay.pulse(10_000);
    await nFrames(2);
    const closing = performance.now();
    await relay.close();
    const [, , offFrame] = await nFrames(3);
    expect(hexes()).toEqual([off, on, off]);
    expect(offFrame!.at - closing).toBeLessThan(2_000);
    await expect(relay.pulse()).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
  });

  it('close() when idle still rests the contact, once', async () => {
    const relay = bench.relay({ ...settings, openMs: 300 });
    await relay.start();
    await relay.close();
    await nFrames(2);
    expect(hexes()).toEqual([off, off]);
  });
});
