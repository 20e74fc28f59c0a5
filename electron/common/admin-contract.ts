import { z } from 'zod';
import type { AttemptFilter, AttemptPage } from './attempt-filter';
import { typedImageSchema } from './frame-image';
import type { Settings } from './settings';
import type { VerifierMode } from './verifier-mode';

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

/** One enrolled person as the People section lists them (electron/core/gallery/gallery.ts Person). */
export const personSchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string().nullable(),
  language: z.string().nullable(),
  createdAt: z.string(),
  /** 'local': enrolled on this kiosk; 'faceki': FACEKI's person, remembered for hybrid's offline grants. */
  source: z.enum(['local', 'faceki']),
  /** Templates of the current face model: the ones that can match. */
  templates: z.number().int().nonnegative(),
  lastGrantedAt: z.string().nullable(),
});
export type PersonView = z.infer<typeof personSchema>;

/** Frames of one enrolment: a few good ones from the camera (3 by the admin screen), never a video. */
export const MAX_ENROL_FRAMES = 5;

/**
 * An enrolment from the admin screen: the person's details and a few frames that passed the same
 * gate and liveness as a login. Main computes the templates from the frames itself; it is never
 * given an embedding. Each frame is checked like submitFrame's image (type, magic, size).
 */
export const enrolRequestSchema = z.strictObject({
  name: z.string().trim().min(1, 'a name is needed').max(120),
  email: z.email().max(254).optional(),
  /** The language the kiosk welcomes this person in (one it speaks). */
  language: z.enum(['en', 'fr', 'de']).optional(),
  frames: z.array(typedImageSchema).min(1).max(MAX_ENROL_FRAMES),
});
export type EnrolRequest = z.infer<typeof enrolRequestSchema>;

export const peopleListSchema = z.object({
  /** The effective verifier mode: 'local' enrols here; 'faceki' and 'hybrid' enrol with FACEKI. */
  mode: z.enum(['local', 'faceki', 'hybrid'] satisfies VerifierMode[]),
  people: z.array(personSchema),
  /** Templates of an older face model, kept but never matched: those people need enrolling again. */
  otherModelTemplates: z.number().int().nonnegative(),
});
export type PeopleList = z.infer<typeof peopleListSchema>;

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
  /** The people this kiosk can recognise on its own, and where an enrolment goes. */
  adminPeopleList: { request: z.null(), response: peopleListSchema },
  /** Enrols a person from a few frames: in the local gallery, or with FACEKI when it is the verifier. */
  adminPeopleEnroll: { request: enrolRequestSchema, response: personSchema },
  /** Forgets a person: their record and every template (right to erasure); attempts keep only the id. */
  adminPeopleForget: { request: z.strictObject({ id: z.string().min(1).max(200) }), response: z.null() },
} as const;

export type { AttemptFilter, AttemptPage };
