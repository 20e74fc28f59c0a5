import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { relaySettingsSchema, type RelaySettings } from '../../../../electron/common/relay-settings';
import { settingsSchema } from '../../../../electron/common/settings';
import { AABB, LCUS_SERIAL, lcusFrame, relayCommands } from '../../../../electron/core/relay/relay-protocols';

// The bytes a board gets are the contract with hardware we do not have here: they are written out in
// full from the boards' documentation, never computed the way the code computes them.
describe('lcusFrame', () => {
  it.each([
    [1, 'a00101a2', 'a00100a1'],
    [2, 'a00201a3', 'a00200a2'],
    [3, 'a00301a4', 'a00300a3'],
    [4, 'a00401a5', 'a00400a4'],
    [5, 'a00501a6', 'a00500a5'],
    [6, 'a00601a7', 'a00600a6'],
    [7, 'a00701a8', 'a00700a7'],
    [8, 'a00801a9', 'a00800a8'],
  ])('channel %i: on %s, off %s', (channel, on, off) => {
    expect(lcusFrame(channel, true).toString('hex')).toBe(on);
    expect(lcusFrame(channel, false).toString('hex')).toBe(off);
  });

  it.each([0, 9, -1, 1.5, Number.NaN])('refuses channel %s instead of sending a frame the board misreads', (ch) => {
    expect(() => lcusFrame(ch, true)).toThrow(RangeError);
    expect(() => lcusFrame(ch, true)).toThrow(/1\.\.8/);
  });
});

const settings = (over: Partial<RelaySettings>): RelaySettings =>
  relaySettingsSchema.parse({ port: '/dev/ttyUSB0', ...over });
const SERIAL_9600 = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 };

describe('relayCommands', () => {
  it('lcus: 9600 8N1 whatever the baud setting, frames of the configured channel', () => {
    const commands = relayCommands(settings({ protocol: 'lcus', channel: 3, baudRate: 115200 }));
    expect(commands.serial).toEqual(LCUS_SERIAL);
    expect(commands.serial).toEqual(SERIAL_9600);
    expect(commands.on).toEqual({ bytes: Buffer.from('a00301a4', 'hex') });
    expect(commands.off).toEqual({ bytes: Buffer.from('a00300a3', 'hex') });
    expect(commands.reply).toBeUndefined();
    expect(commands.describe).toBe('LCUS channel 3');
  });

  it('aabb: AA opens, BB rests, at the configured baud rate', () => {
    const commands = relayCommands(settings({ protocol: 'aabb', baudRate: 19200 }));
    expect(commands.on).toEqual({ bytes: Buffer.from([0xaa]) });
    expect(commands.off).toEqual({ bytes: Buffer.from([0xbb]) });
    expect(AABB.on.toString('hex')).toBe('aa');
    expect(commands.serial).toEqual({ ...SERIAL_9600, baudRate: 19200 });
    expect(commands.reply).toBeUndefined();
  });

  it('custom: the hex strings as bytes, with the reply and its timeout when one is set', () => {
    const commands = relayCommands(
      settings({
        protocol: 'custom',
        baudRate: 4800,
        custom: { on: 'FE 05 00 00 FF 00', off: 'fe0500000000', reply: '  fe 05 ', replyTimeoutMs: 250 },
      }),
    );
    expect(commands.on).toEqual({ bytes: Buffer.from('fe050000ff00', 'hex') });
    expect(commands.off).toEqual({ bytes: Buffer.from('fe0500000000', 'hex') });
    expect(commands.reply).toEqual({ bytes: Buffer.from('fe05', 'hex'), timeoutMs: 250 });
    expect(commands.serial.baudRate).toBe(4800);
    expect(commands.describe).toContain('custom');
  });

  it('custom: spaced hex that did not go through the schema is not cut at the first space', () => {
    const commands = relayCommands({
      protocol: 'custom',
      channel: 1,
      baudRate: 9600,
      custom: { on: '55 01', off: '55 00', replyTimeoutMs: 500 },
    });
    expect(commands.on).toEqual({ bytes: Buffer.from([0x55, 0x01]) });
    expect(commands.off).toEqual({ bytes: Buffer.from([0x55, 0x00]) });
    expect(commands.reply).toBeUndefined();
  });

  it.each([
    ['dtr', { dtr: true }, { dtr: false }, 'DTR line'],
    ['rts', { rts: true }, { rts: false }, 'RTS line'],
  ] as const)('%s: the modem line asserted opens, released rests', (protocol, on, off, describe) => {
    const commands = relayCommands(settings({ protocol }));
    expect(commands.on).toEqual({ lines: on });
    expect(commands.off).toEqual({ lines: off });
    expect(commands.describe).toBe(describe);
  });
});

/** The issues of a refused parse, as path and message, so a test names the field it is about. */
function issues(input: unknown): Array<{ path: string; message: string }> {
  const result = relaySettingsSchema.safeParse(input);
  expect(result.success, 'settings were accepted').toBe(false);
  expect(result.error).toBeInstanceOf(z.ZodError);
  return result.error!.issues.map((i) => ({ path: i.path.join('.'), message: i.message }));
}

describe('relay settings', () => {
  it('defaults: no relay fitted, LCUS channel 1, door open 3 s, 9600 baud, fail-secure, retry every 2 s', () => {
    expect(relaySettingsSchema.parse({})).toEqual({
      port: '',
      protocol: 'lcus',
      channel: 1,
      openMs: 3000,
      baudRate: 9600,
      lockType: 'fail-secure',
      reconnectMs: 2000,
    });
    // The same defaults where the app reads them: in the full settings file.
    expect(settingsSchema.parse({}).relay.openMs).toBe(3000);
  });

  it('accepts the door-open time at both ends of 0.2 .. 30 s', () => {
    expect(relaySettingsSchema.parse({ openMs: 200 }).openMs).toBe(200);
    expect(relaySettingsSchema.parse({ openMs: 30_000 }).openMs).toBe(30_000);
  });

  it.each([199, 30_001, 1500.5, '3000'])('refuses openMs %s, naming openMs', (openMs) => {
    expect(issues({ openMs })).toEqual([{ path: 'openMs', message: expect.any(String) }]);
  });

  it.each([0, 9])('refuses channel %i, naming channel', (channel) => {
    expect(issues({ channel })).toEqual([{ path: 'channel', message: expect.any(String) }]);
  });

  it.each(['aabb', 'dtr', 'rts'])('refuses channel 2 with %s, which has one channel', (protocol) => {
    const custom = { on: 'aa', off: 'bb' };
    expect(issues({ protocol, channel: 2, custom })).toEqual([
      { path: 'channel', message: `protocol "${protocol}" has one channel: use 1` },
    ]);
  });

  it('accepts channel 8 with lcus', () => {
    expect(relaySettingsSchema.parse({ protocol: 'lcus', channel: 8 }).channel).toBe(8);
  });

  it('refuses protocol custom without its commands', () => {
    expect(issues({ protocol: 'custom' })).toEqual([
      { path: 'custom', message: 'protocol "custom" needs custom.on and custom.off' },
    ]);
  });

  it.each([
    [{ on: '55 01' }, 'custom.off'],
    [{ off: '55 00' }, 'custom.on'],
  ])('refuses custom %j, naming %s', (custom, path) => {
    expect(issues({ protocol: 'custom', custom })).toEqual([{ path, message: expect.any(String) }]);
  });

  it.each([
    ['on', 'A0 1'],
    ['on', 'zz'],
    ['on', ''],
    ['off', '0xA0'],
    ['reply', 'A0 01 0'],
  ])('refuses custom.%s = %j as hex bytes', (field, value) => {
    const custom = { on: '55 01', off: '55 00', [field]: value };
    expect(issues({ protocol: 'custom', custom })).toEqual([
      { path: `custom.${field}`, message: 'must be bytes in hex, e.g. "A0 01 01 A2"' },
    ]);
  });

  it('stores custom hex without its spaces', () => {
    const parsed = relaySettingsSchema.parse({ protocol: 'custom', custom: { on: 'A0 01 01 A2', off: 'a0 01 00 a1' } });
    expect(parsed.custom).toEqual({ on: 'A00101A2', off: 'a00100a1', replyTimeoutMs: 500 });
  });

  it.each([9601, 0, 250000, 9600.5])('refuses baud rate %s, naming baudRate', (baudRate) => {
    expect(issues({ baudRate })).toEqual([{ path: 'baudRate', message: expect.any(String) }]);
  });

  it.each([
    [{ protocol: 'modbus' }, 'protocol'],
    [{ reconnectMs: 50 }, 'reconnectMs'],
    [{ lockType: 'magnetic' }, 'lockType'],
    [{ protocol: 'custom', custom: { on: '01', off: '00', replyTimeoutMs: 5 } }, 'custom.replyTimeoutMs'],
  ])('refuses %j, naming %s', (input, path) => {
    expect(issues(input)).toEqual([{ path, message: expect.any(String) }]);
  });

  it('names the relay in the full settings file', () => {
    const result = settingsSchema.safeParse({ relay: { openMs: 100 } });
    expect(result.success).toBe(false);
    expect(result.error!.issues.map((i) => i.path.join('.'))).toEqual(['relay.openMs']);
  });
});
