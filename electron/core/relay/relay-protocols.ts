import type { RelaySettings } from '../../common/relay-settings';

/** One command to the board: bytes on the wire, or modem lines set. */
export type RelayAction = { bytes: Buffer } | { lines: { dtr?: boolean; rts?: boolean } };

export interface RelayCommands {
  serial: { baudRate: number; dataBits: 8; parity: 'none'; stopBits: 1 };
  on: RelayAction;
  off: RelayAction;
  /** What the board answers to each command, when it answers at all: the write is confirmed by it. */
  reply?: { bytes: Buffer; timeoutMs: number };
  /** How to say it to a person: "LCUS channel 1", "DTR line". */
  describe: string;
}

/**
 * LCUS-type boards (LCUS-1/2/4/8: CH340 serial, 9600 8N1) take a 4-byte frame:
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

/** Single-byte boards: 0xAA closes the contact (door open), 0xBB releases it. */
export const AABB = { on: Buffer.from([0xaa]), off: Buffer.from([0xbb]) } as const;

type ProtocolSettings = Pick<RelaySettings, 'protocol' | 'channel' | 'baudRate' | 'custom'>;

/**
 * "55 01" as bytes. The settings schema strips the spaces already, but Buffer.from(hex) silently stops
 * at the first non-hex character ("55 01" would be the single byte 55), so never rely on that here.
 */
const hexToBytes = (hex: string): Buffer => Buffer.from(hex.replace(/\s+/g, ''), 'hex');

/** The commands for the configured board. Settings are validated already; this only translates. */
export function relayCommands(settings: ProtocolSettings): RelayCommands {
  const serial = { baudRate: settings.baudRate, dataBits: 8, parity: 'none', stopBits: 1 } as const;
  switch (settings.protocol) {
    case 'lcus':
      return {
        serial: { ...LCUS_SERIAL },
        on: { bytes: lcusFrame(settings.channel, true) },
        off: { bytes: lcusFrame(settings.channel, false) },
        describe: `LCUS channel ${settings.channel}`,
      };
    case 'aabb':
      return { serial, on: { bytes: AABB.on }, off: { bytes: AABB.off }, describe: 'single-byte AA/BB board' };
    case 'custom': {
      const custom = settings.custom!;
      return {
        serial,
        on: { bytes: hexToBytes(custom.on) },
        off: { bytes: hexToBytes(custom.off) },
        ...(custom.reply && { reply: { bytes: hexToBytes(custom.reply), timeoutMs: custom.replyTimeoutMs } }),
        describe: `custom board (on ${custom.on}, off ${custom.off})`,
      };
    }
    case 'dtr':
      return { serial, on: { lines: { dtr: true } }, off: { lines: { dtr: false } }, describe: 'DTR line' };
    case 'rts':
      return { serial, on: { lines: { rts: true } }, off: { lines: { rts: false } }, describe: 'RTS line' };
  }
}
