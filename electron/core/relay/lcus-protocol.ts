/**
 * LCUS-type USB relay boards (CH340 serial, 9600 8N1) take a 4-byte frame:
 * 0xA0, channel, state, checksum where checksum = (0xA0 + channel + state) & 0xFF.
 * Channel 1 on is A0 01 01 A2, off is A0 01 00 A1.
 */
export function lcusFrame(channel: number, on: boolean): Buffer {
  if (!Number.isInteger(channel) || channel < 1 || channel > 8) {
    throw new RangeError(`LCUS channel must be 1..8, got ${channel}`);
  }
  const state = on ? 1 : 0;
  return Buffer.from([0xa0, channel, state, (0xa0 + channel + state) & 0xff]);
}

export const LCUS_SERIAL = { baudRate: 9600, dataBits: 8, parity: 'none', stopBits: 1 } as const;
