import { z } from 'zod';

/** Bytes written as hex, spaces allowed: "A0 01 01 A2". */
const hexBytes = z
  .string()
  .transform((s) => s.replace(/\s+/g, ''))
  .refine((s) => s.length > 0 && s.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(s), {
    message: 'must be bytes in hex, e.g. "A0 01 01 A2"',
  });

export const RELAY_PROTOCOLS = ['lcus', 'aabb', 'custom', 'dtr', 'rts'] as const;
export type RelayProtocolName = (typeof RELAY_PROTOCOLS)[number];

/**
 * The door relay. Whatever the board, the safety rules are the same: the contact rests when we
 * start, when we quit and after any error, and it is opened only for openMs at a time.
 */
export const relaySettingsSchema = z
  .strictObject({
    /** Serial device of the relay board, e.g. /dev/ttyUSB0 or COM3. Empty: no relay fitted. */
    port: z.string().default(''),
    /**
     * lcus: LCUS-1/2/4/8 (CH340, 9600 8N1, "A0 ch state sum"). aabb: single-byte boards (0xAA on,
     * 0xBB off). custom: the hex below. dtr / rts: an adapter wired straight to a relay driver,
     * switched by that modem line (asserted = open).
     */
    protocol: z.enum(RELAY_PROTOCOLS).default('lcus'),
    /** Relay channel on multi-channel LCUS boards (1..8); single-channel protocols take 1. */
    channel: z.number().int().min(1).max(8).default(1),
    /** How long the door stays open after a grant. */
    openMs: z.number().int().min(200).max(30_000).default(3_000),
    baudRate: z
      .number()
      .int()
      .refine((b) => [1200, 2400, 4800, 9600, 19200, 38400, 57600, 115200].includes(b), {
        message: 'must be a standard baud rate (1200..115200)',
      })
      .default(9_600),
    custom: z
      .strictObject({
        on: hexBytes,
        off: hexBytes,
        /** Bytes the board answers with after each command; unset: no answer is expected. */
        reply: hexBytes.optional(),
        replyTimeoutMs: z.number().int().min(10).max(5_000).default(500),
      })
      .optional(),
    /**
     * fail-secure: an electric strike, locked without power (the relay powers it to open).
     * fail-safe: a maglock, open without power (the relay cuts it to open). Changes wording and
     * documentation only: the relay's own rules never change.
     */
    lockType: z.enum(['fail-secure', 'fail-safe']).default('fail-secure'),
    /** How often to try the port again while the board is missing. */
    reconnectMs: z.number().int().min(100).max(60_000).default(2_000),
  })
  .superRefine((relay, ctx) => {
    if (relay.protocol === 'custom' && !relay.custom) {
      ctx.addIssue({ code: 'custom', path: ['custom'], message: 'protocol "custom" needs custom.on and custom.off' });
    }
    if (relay.protocol !== 'lcus' && relay.channel !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['channel'],
        message: `protocol "${relay.protocol}" has one channel: use 1`,
      });
    }
  });

export type RelaySettings = z.infer<typeof relaySettingsSchema>;
