import { z } from 'zod';
import { relaySettingsSchema } from './relay-settings';
import { retryPolicySchema } from './retry-policy';

/**
 * Operator settings (never secrets: the client secret lives in the Secrets store, see core/secrets).
 * Every field has a default so a fresh install starts; a value of the wrong type or range is
 * INVALID_CONFIG with the offending path named, never a silent fallback.
 */
export const settingsSchema = z.object({
  verifier: z
    .object({
      verifyUrl: z.string().default('https://sdkbio.faceki.com/verify'),
      tokenUrl: z.string().default('https://sdk.faceki.com/auth/api/access-token'),
      clientId: z.string().default(''),
      /** The multipart field that carries the selfie; FACEKI does not document it for /verify. */
      imageField: z.string().min(1).default('image'),
      /** Per request; the retry policy's deadline bounds all tries of one verify together. */
      timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
      retry: retryPolicySchema.prefault({}),
    })
    .prefault({}),
  access: z
    .object({
      /**
       * After a kiosk attempt, further kiosk frames are refused (COOLDOWN, not verified, not billed)
       * for this long, so one person standing at the door makes one attempt, not ten. The CLI is exempt.
       */
      cooldownMs: z.number().int().min(0).max(600_000).default(5_000),
      /**
       * A match below this confidence is denied (LOW_CONFIDENCE). FACEKI does not publish its scale:
       * values above 1 are read as percentages. Only applies when the service reports a confidence.
       */
      minConfidence: z.number().min(0).max(1).default(0.5),
      /**
       * What the door does while the verify service is unreachable. 'deny' (fail-secure) keeps it
       * shut. 'cached' will let in a person whose last online grant is younger than
       * cachedGrantMaxAgeHours once the local face check exists; until then it behaves as 'deny'.
       */
      offlinePolicy: z.enum(['deny', 'cached']).default('deny'),
      cachedGrantMaxAgeHours: z
        .number()
        .min(0)
        .max(24 * 30)
        .default(24),
    })
    .prefault({}),
  retention: z
    .object({
      /** Attempt rows older than this are deleted. */
      attemptDays: z.number().int().min(1).max(3650).default(90),
      /** Keep the (encrypted) image of an offline attempt so it can be re-verified later. Off: biometrics. */
      keepImages: z.boolean().default(false),
      imageDays: z.number().int().min(1).max(90).default(7),
    })
    .prefault({}),
  relay: relaySettingsSchema.prefault({}),
  gate: z
    .object({
      /**
       * Face box width as a share of the frame width: below is "step closer", above is "step back".
       * Human's box is the mesh crop, about 1.5x the width of the face itself: 0.3 of a 640 px frame
       * is a face about 130 px wide, a person within about a metre of the camera. The stage clip
       * fixture (faces far away) peaks at 0.26.
       */
      minFaceWidthRatio: z.number().gt(0).lt(1).default(0.3),
      maxFaceWidthRatio: z.number().gt(0).max(1).default(0.75),
      minDetectorScore: z.number().min(0).max(1).default(0.6),
      /** Margin the face must keep from every border, as a share of the frame's shorter side. */
      borderMarginRatio: z.number().min(0).lt(0.5).default(0.03),
      /** Consecutive good frames before the best of them is sent. */
      framesToHold: z.number().int().min(1).max(60).default(3),
    })
    .prefault({}),
  resultDisplayMs: z.number().int().min(500).max(60_000).default(4_000),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});
