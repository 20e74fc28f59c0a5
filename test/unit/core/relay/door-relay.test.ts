import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { NoRelay, SerialDoorRelay, createDoorRelay, type DoorRelay } from '../../../../electron/core/relay/door-relay';
import { lcusFrame } from '../../../../electron/core/relay/lcus-protocol';
import { startRelayPty, type RelayPty } from '../../../fakes/relay-pty';

const ON = 'a00101a2';
const OFF = 'a00100a1';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('lcusFrame', () => {
  it('builds the documented 4-byte frames with their checksum', () => {
    expect(lcusFrame(1, true)).toEqual(Buffer.from([0xa0, 0x01, 0x01, 0xa2]));
    expect(lcusFrame(1, false)).toEqual(Buffer.from([0xa0, 0x01, 0x00, 0xa1]));
    expect(lcusFrame(4, true).toString('hex')).toBe('a00401a5');
  });

  it.each([0, 9, 1.5, -1])('refuses channel %s rather than sending a frame the board misreads', (channel) => {
    expect(() => lcusFrame(channel, true)).toThrow(RangeError);
  });
});

describe('relays without a serial port', () => {
  it('NoRelay answers RELAY_UNAVAILABLE so a grant is logged as "door not opened"', async () => {
    const relay = new NoRelay();
    expect(relay.fitted).toBe(false);
    await expect(relay.pulse()).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
  });

  it('createDoorRelay fits a serial relay only when a port is configured', () => {
    expect(createDoorRelay({ port: '', pulseMs: 1000 })).toBeInstanceOf(NoRelay);
    expect(createDoorRelay({ port: '/dev/ttyUSB9', pulseMs: 1000 })).toBeInstanceOf(SerialDoorRelay);
  });
});

describe('SerialDoorRelay over a real pseudo-terminal', () => {
  let dir: string;
  let pty: RelayPty | null;
  let relay: DoorRelay | null;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'facegate-relay-'));
    pty = await startRelayPty(dir);
    relay = null;
  });
  afterEach(async () => {
    await relay?.close();
    await pty?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes ON at once and OFF after pulseMs', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 400 });
    const started = performance.now();
    await relay.pulse();
    expect((await pty!.waitForBytes(4)).toString('hex')).toBe(ON);
    await sleep(150);
    // Half-way through the pulse the door must still be open: nothing but ON has been sent.
    expect(pty!.received().toString('hex')).toBe(ON);
    expect((await pty!.waitForBytes(8)).toString('hex')).toBe(ON + OFF);
    expect(performance.now() - started).toBeGreaterThanOrEqual(390);
  });

  it('restarts the pulse when a second grant comes in while the door is open', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 400 });
    await relay.pulse();
    await sleep(250);
    const second = performance.now();
    await relay.pulse();
    const bytes = await pty!.waitForBytes(12);
    expect(performance.now() - second).toBeGreaterThanOrEqual(390);
    expect(bytes.toString('hex')).toBe(ON + ON + OFF);
    await sleep(200);
    expect(pty!.received().length).toBe(12);
  });

  it('opens the door for two grants that arrive together (one shared open of the tty)', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 200 });
    // Opening the same tty twice fails with "Cannot lock port": the second person would be told "no relay".
    const results = await Promise.allSettled([relay.pulse(), relay.pulse()]);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled']);
    expect((await pty!.waitForBytes(12)).toString('hex')).toBe(ON + ON + OFF);
  });

  it('sends OFF when closed during a pulse (never leave the door open on shutdown)', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 10_000 });
    await relay.pulse();
    await pty!.waitForBytes(4);
    await relay.close();
    expect((await pty!.waitForBytes(8, 1_000)).toString('hex')).toBe(ON + OFF);
  });

  it('answers RELAY_UNAVAILABLE for a port that does not exist', async () => {
    relay = new SerialDoorRelay({ path: join(dir, 'no-such-tty'), pulseMs: 300 });
    const error = await relay.pulse().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CodedError);
    expect(error).toMatchObject({ code: 'RELAY_UNAVAILABLE', message: expect.stringContaining('no-such-tty') });
  });

  it('opens the door on the first grant after the board was unplugged and plugged back in', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 100 });
    await relay.pulse();
    await pty!.waitForBytes(8);
    // Unplug and replug while idle: the relay still holds the old, now dead, descriptor.
    await pty!.close();
    pty = await startRelayPty(dir);
    await relay.pulse();
    expect((await pty.waitForBytes(8)).toString('hex')).toBe(ON + OFF);
  });

  it('reports an unplugged board, then works again once it is back', async () => {
    relay = new SerialDoorRelay({ path: pty!.appPath, pulseMs: 100 });
    await relay.pulse();
    await pty!.waitForBytes(8);
    await pty!.close();
    pty = null;
    await expect(relay.pulse()).rejects.toMatchObject({ code: 'RELAY_UNAVAILABLE' });
    pty = await startRelayPty(dir);
    await relay.pulse();
    expect((await pty.waitForBytes(4)).toString('hex')).toBe(ON);
  });
});
