import { z } from 'zod';
import type { AttemptFilter, AttemptPage } from './attempt-filter';
import type { Settings } from './settings';

/**
 * The operator's admin screen, as channels of the one IPC contract (contract.ts spreads these in).
 * The renderer is as untrusted here as anywhere: it may ask, main decides. Every channel but
 * adminStatus and adminUnlock needs an admin session that main opened after a correct PIN, and
 * every setting is validated again in main before it is saved.
 */

/** Digits only: the kiosk may have nothing but a touch screen and an on-screen keypad. */
export const adminPinSchema = z.string().regex(/^\d{6,12}$/, 'a PIN is 6 to 12 digits');

export const adminStatusSchema = z.object({
  pinSet: z.boolean(),
  unlocked: z.boolean(),
  /** Wrong PINs left before the lockout. */
  attemptsLeft: z.number().int().nonnegative(),
  /** ISO time the lockout ends, when locked. */
  lockedUntil: z.string().nullable(),
  /** The session closes after this long without an admin request. */
  idleMs: z.number().int().positive(),
  /** settings.kiosk.language, also when the door's services could not start (the page never got KioskInfo). */
  language: z.enum(['en', 'fr', 'de']),
});
export type AdminStatus = z.infer<typeof adminStatusSchema>;

const faultSchema = z.object({ code: z.string(), message: z.string() });

/** An object from the admin form: its shape is the settings schema's to judge, in main. */
const formObject = z.record(z.string(), z.unknown());
/** A client secret typed into the form; absent or empty means "keep the stored one". */
const secretInput = z.string().max(512).optional();

export const attemptFilterSchema = z.strictObject({
  since: z.iso.datetime().optional(),
  until: z.iso.datetime().optional(),
  decision: z.enum(['granted', 'denied', 'error']).optional(),
  code: z.string().max(64).optional(),
  /** Part of a user id or name. */
  user: z.string().max(128).optional(),
  limit: z.number().int().min(1).max(500).default(100),
  offset: z.number().int().min(0).default(0),
});

export const testResultSchema = z.object({
  ok: z.boolean(),
  code: z.string(),
  detail: z.string(),
  ms: z.number().nonnegative(),
});
export type TestResult = z.infer<typeof testResultSchema>;

export const adminHealthSchema = z.object({
  service: z.object({ online: z.boolean(), detail: z.string() }),
  relay: z.object({ fitted: z.boolean(), connected: z.boolean(), detail: z.string() }),
  settings: z.object({ path: z.string(), source: z.enum(['file', 'last-good']), fault: faultSchema.nullable() }),
  storage: z.object({ ok: z.boolean(), detail: z.string() }),
  /** What the renderer last reported about itself (camera, models), as main heard it. */
  kiosk: z.object({ state: z.string(), code: z.string().nullable(), at: z.string().nullable() }),
});
export type AdminHealth = z.infer<typeof adminHealthSchema>;

export const adminChannels = {
  adminStatus: { request: z.null(), response: adminStatusSchema },
  adminUnlock: { request: z.strictObject({ pin: adminPinSchema }), response: adminStatusSchema },
  adminLock: { request: z.null(), response: z.null() },
  adminGetSettings: {
    request: z.null(),
    response: z.object({
      settings: z.custom<Settings>(),
      path: z.string(),
      fault: faultSchema.nullable(),
      clientSecretSet: z.boolean(),
    }),
  },
  adminSaveSettings: {
    request: z.strictObject({ settings: formObject, clientSecret: secretInput }),
    response: z.object({ settings: z.custom<Settings>() }),
  },
  adminTestConnection: {
    request: z.strictObject({ verifier: formObject, clientSecret: secretInput }),
    response: testResultSchema,
  },
  adminTestRelay: { request: z.strictObject({ relay: formObject }), response: testResultSchema },
  adminAttempts: { request: attemptFilterSchema, response: z.custom<AttemptPage>() },
  adminExportAttempts: {
    request: attemptFilterSchema,
    response: z.object({ fileName: z.string(), csv: z.string(), rows: z.number().int() }),
  },
  adminHealth: { request: z.null(), response: adminHealthSchema },
  adminChangePin: {
    request: z.strictObject({ current: adminPinSchema, next: adminPinSchema }),
    response: z.null(),
  },
} as const;

export type { AttemptFilter, AttemptPage };
