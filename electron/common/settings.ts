import { z } from 'zod';
import { relaySettingsSchema } from './relay-settings';
import { retryPolicySchema } from './retry-policy';

/** Whether a URL carries a user name or password (scheme://user:password@host). Not a URL: no. */
function hasUrlCredentials(value: string): boolean {
  try {
    const url = new URL(value);
    return url.username !== '' || url.password !== '';
  } catch {
    // Not a URL at all: the verifier's own URL check names that when it is used.
    return false;
  }
}

/**
 * A URL of the verify service. Credentials in it are refused here, where the operator can be told:
 * fetch refuses such URLs (which read as OFFLINE), and a password in a URL is printed wherever the
 * URL is (operator log, attempt log, fault screen). The message never repeats the value.
 */
const serviceUrl = (fallback: string) =>
  z
    .string()
    .refine((value) => !hasUrlCredentials(value), {
      message:
        'must not hold a user name or password (user:password@); the service is reached with clientId and the stored client secret',
    })
    .default(fallback);

/**
 * Operator settings (never secrets: the client secret lives in the Secrets store, see core/secrets).
 * Every field has a default so a fresh install starts; a value of the wrong type or range is
 * INVALID_CONFIG with the offending path named, never a silent fallback.
 */
export const settingsSchema = z.strictObject({
  verifier: z
    .strictObject({
      verifyUrl: serviceUrl('https://sdkbio.faceki.com/verify'),
      tokenUrl: serviceUrl('https://sdk.faceki.com/auth/api/access-token'),
      /**
       * FACEKI's enrol endpoint, for enrolment with FACEKI (`facegate enroll` when the verifier is
       * 'faceki' or 'hybrid'). Left out: `enroll` beside verifyUrl, as on-prem FACEKI has it
       * (https://sdkbio.faceki.com/verify -> /enroll); its cloud signup is /facelink/api/signup.
       */
      enrollUrl: z
        .string()
        .refine((value) => !hasUrlCredentials(value), {
          message: 'must not hold a user name or password (user:password@)',
        })
        .optional(),
      clientId: z.string().default(''),
      /** The multipart field that carries the selfie; FACEKI does not document it for /verify. */
      imageField: z.string().min(1).default('image'),
      /** Per request; the retry policy's deadline bounds all tries of one verify together. */
      timeoutMs: z.number().int().min(500).max(60_000).default(8_000),
      retry: retryPolicySchema.prefault({}),
      /**
       * Who recognises faces: 'local' (the gallery on this kiosk), 'faceki' (the verify service) or
       * 'hybrid' (FACEKI first; while it is offline, the local gallery of people FACEKI granted
       * recently, see hybrid). No default on purpose: left out, it is 'faceki' when clientId and the
       * client secret are set and 'local' otherwise (electron/common/verifier-mode.ts).
       */
      mode: z.enum(['local', 'faceki', 'hybrid']).optional(),
    })
    .prefault({}),
  /**
   * The local gallery's matching (electron/core/verifier/local-verifier.ts). Calibrated on every
   * pair of the fixture photos (docs/local-matching.md): zero false accepts, then the most genuine
   * grants. A door prefers a retry to a wrong open: recalibrate on more faces before raising them.
   */
  local: z
    .strictObject({
      /**
       * Largest Euclidean distance between face-api descriptors that can grant. Fixture pairs of one
       * person: 0.09-0.45, and 0.61-0.65 with the face cut by the border (which the gate refuses);
       * different people: 0.68 and more. 0.6 grants every face the gate passes with no false accept.
       */
      maxDistance: z.number().gt(0).max(2).default(0.6),
      /**
       * How far the second-best *person* must lie behind the best; closer is AMBIGUOUS_MATCH, which
       * never opens. On the fixtures every genuine match is at least 0.30 ahead of the next person.
       */
      margin: z.number().min(0).max(2).default(0.1),
    })
    .prefault({}),
  /** 'hybrid' mode: what the kiosk may do on its own while FACEKI is unreachable. */
  hybrid: z
    .strictObject({
      /**
       * Keep a template of each person FACEKI grants, so they can be let in while it is offline. Off
       * until the operator turns it on: it keeps biometric templates on this machine.
       */
      rememberGrants: z.boolean().default(false),
      /** Offline, only people FACEKI granted within this many days are let in. */
      days: z.number().int().min(1).max(365).default(7),
    })
    .prefault({}),
  access: z
    .strictObject({
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
    .strictObject({
      /** Attempt rows older than this are deleted. */
      attemptDays: z.number().int().min(1).max(3650).default(90),
      /** Keep the (encrypted) image of an offline attempt so it can be re-verified later. Off: biometrics. */
      keepImages: z.boolean().default(false),
      imageDays: z.number().int().min(1).max(90).default(7),
    })
    .prefault({}),
  relay: relaySettingsSchema.prefault({}),
  /**
   * The on-device quality gate (electron/common/vision/gate.ts). FACEKI asks for a face of at least
   * 300 px, eyes at least 90 px apart, rotation within 20 degrees and 15 px of margin "in the sent
   * image" (docs FACEKI.md). The kiosk sends its 640x480 camera frame, where those pixel limits
   * taken literally need eyes 14% of the frame apart: a person within about 40 cm of a webcam with a
   * 60-degree field of view, and even the fixture portrait obama-1 (eyes 74 px in its camera frame)
   * would never pass.
   * So the size limits are FACEKI's scaled to this camera: met at 1280x960 by the same scene, i.e.
   * halved at 640x480 (face 150 px, eyes 45 px), and written as shares of the frame so another
   * camera keeps the same framing. Rotation and margin need no scaling (degrees; the margin is
   * applied to Human's box, which is wider than FACEKI's face). If FACEKI answers FACE_TOO_SMALL in
   * the field, a 1280x960 camera is the cure, not lower thresholds. Measured numbers: see the tests
   * (test/unit/renderer/vision) and `facegate analyze`.
   */
  gate: z
    .strictObject({
      /**
       * Human's box width over the frame width: below is "step closer", above is "step back".
       * Human's box is the mesh crop, about 4.4 eye distances wide for a frontal face (1.9x the face
       * itself): 0.3 of 640 px is a 192 px box, eyes about 44 px apart, which is FACEKI's 150 px
       * face at half scale. Also measured: the stage clip fixture (faces far away) peaks at 0.26.
       */
      minFaceWidthRatio: z.number().gt(0).lt(1).default(0.3),
      maxFaceWidthRatio: z.number().gt(0).max(1).default(0.75),
      /**
       * Eye distance over the frame width: FACEKI's 90 px at 1280, 45 px at 640. Checked beside the
       * box because a face turned aside keeps a wide box while its eyes close up.
       */
      minEyeDistanceRatio: z.number().min(0).lt(1).default(0.07),
      /** Margin the face box must keep from every border, as a share of the shorter side: 14 px at 480. */
      borderMarginRatio: z.number().min(0).lt(0.5).default(0.03),
      /**
       * Head rotation limits in degrees, from Human's mesh. FACEKI refuses beyond 20; the gate stops
       * at 15 because two estimators of head pose differ by a few degrees, and a frame FACEKI refuses
       * costs a call and the person's patience. The fixture portraits measure within 13.
       */
      maxYawDeg: z.number().gt(0).max(90).default(15),
      maxPitchDeg: z.number().gt(0).max(90).default(15),
      maxRollDeg: z.number().gt(0).max(90).default(15),
      minDetectorScore: z.number().min(0).max(1).default(0.6),
      /**
       * Light, as mean and spread of the luma inside the face (image-quality.ts). The fixtures sit at
       * 93-172; below 60 Human's liveness score starts to fall for real faces (0.42 at a mean of
       * 57), so "more light" is asked for before that. Above 225 the face is burnt out. A spread
       * below 10 is a flat or silhouetted face.
       */
      minMeanLuma: z.number().min(0).max(255).default(60),
      maxMeanLuma: z.number().min(0).max(255).default(225),
      minContrast: z.number().min(0).max(128).default(10),
      /**
       * Variance of the Laplacian of the face at 64x64 (image-quality.ts). Sharp fixture frames: 308
       * and up; blurred by a Gaussian of sigma 3 camera pixels: 7-83, of sigma 4: 4-36. Lenient on
       * purpose: the fixtures are downscaled photographs, crisper than a webcam's frames; check the
       * real camera with `facegate analyze` before raising it.
       */
      minSharpness: z.number().min(0).default(50),
      /** With several faces, judge the largest instead of answering TOO_MANY_FACES (a queue behind the person). */
      pickLargestFace: z.boolean().default(false),
      /** Consecutive good frames before the best of them is sent. */
      framesToHold: z.number().int().min(1).max(60).default(3),
    })
    .refine((g) => g.minFaceWidthRatio < g.maxFaceWidthRatio, {
      message: 'minFaceWidthRatio must be below maxFaceWidthRatio',
      path: ['minFaceWidthRatio'],
    })
    .refine((g) => g.minMeanLuma < g.maxMeanLuma, {
      message: 'minMeanLuma must be below maxMeanLuma',
      path: ['minMeanLuma'],
    })
    .prefault({}),
  /**
   * Liveness over frames (electron/common/vision/liveness.ts, whose header says what it stops and
   * what it does not). Defaults measured on the fixtures turned into camera sequences (see
   * test/unit/renderer/vision/liveness.test.ts).
   */
  liveness: z
    .strictObject({
      enabled: z.boolean().default(true),
      /**
       * Frames the medians look at: about 1 s at the kiosk's 7-15 detections a second. A face whose
       * evidence is not clear earlier is judged on this many, as before minLiveFrames existed.
       */
      windowFrames: z.number().int().min(3).max(120).default(10),
      /**
       * Fewest frames on which a face may be called live, or failed on its scores, before the window
       * is full, when the evidence is clearly past its limits (liveness.ts EARLY_EVIDENCE,
       * docs/liveness.md); stillness is judged on the full window only. At least 3, so that one lucky
       * frame never passes. 4: swaying fixture faces pass at frame 4-5 (about 260-330 ms at 65 ms a
       * detection); at 3 a still photo with one odd frame sometimes passes. windowFrames disables it.
       */
      minLiveFrames: z.number().int().min(3).max(120).default(4),
      /**
       * An optional wall-clock floor: no verdict on a face watched for less than this. 0: the frames
       * alone decide (this was 1 000, most of the second between the first face frame and the door).
       */
      minLiveMs: z.number().int().min(0).max(30_000).default(0),
      /**
       * Median anti-spoofing and liveness scores. Human's own faceid demo asks 0.6 of one frame with
       * histogram equalisation; here (none) the faces the gate passes (obama-1, biden-1, alex) score
       * real 0.55-0.76 and live 0.88-1.0 over swaying and noisy sequences in good light, all fixture
       * faces real 0.42-0.83: 0.5 lets the good frames through. 0 turns a check (and its need) off.
       */
      minAntispoof: z.number().min(0).max(1).default(0.5),
      minLiveness: z.number().min(0).max(1).default(0.5),
      /**
       * Median frame-to-frame motion of the face's landmarks (their centroid), in pixels. Identical
       * frames: 0; a still photo under simulated sensor noise of 2-8 grey levels: 0.25-0.5 (0.7-0.85
       * for alex-lacamoire-1 at 4-8); obama-1 and biden-1 swaying by 1-3 source px: 0.7-1.8. 0.5 is the
       * noise floor of a camera in good light, not a proof of life.
       */
      minMotionPx: z.number().min(0).max(50).default(0.5),
      /** Median motion above this (pixels per frame) is someone still walking in: wait, do not judge. */
      maxMotionPx: z.number().gt(0).max(1000).default(25),
      /** Identical frames in a row that make a frozen camera (CAMERA_FROZEN): about 1 s. */
      frozenFrames: z.number().int().min(2).max(600).default(10),
      /** An active challenge; off by default because a door should not ask people to perform. */
      challenge: z.enum(['none', 'blink', 'turn']).default('none'),
      /** 'turn': the yaw must span this many degrees within the window. */
      challengeTurnDeg: z.number().min(2).max(60).default(15),
      /** 'blink': eye openness must fall below this share of its median within the window. */
      challengeBlinkRatio: z.number().gt(0).lt(1).default(0.6),
      /** A challenge not met this long after the face appeared is LIVENESS_FAILED. */
      challengeTimeoutMs: z.number().int().min(1_000).max(60_000).default(6_000),
    })
    .refine((l) => l.minMotionPx < l.maxMotionPx, {
      message: 'minMotionPx must be below maxMotionPx',
      path: ['minMotionPx'],
    })
    .refine((l) => l.minLiveFrames <= l.windowFrames, {
      message: 'minLiveFrames must not exceed windowFrames (the window is where the last word is said)',
      path: ['minLiveFrames'],
    })
    .prefault({}),
  capture: z
    .strictObject({
      /** A camera's deviceId or part of its label; empty: the first camera. */
      cameraDevice: z.string().default(''),
      /** How the best frame is sent: JPEG (FACEKI wants quality >= 70) or lossless PNG (larger). */
      imageFormat: z.enum(['jpeg', 'png']).default('jpeg'),
      jpegQuality: z.number().min(0.7).max(1).default(0.92),
      /**
       * Send the best frame to the verifier as soon as the gate passes, while liveness keeps watching;
       * the door opens only when both agree (kiosk-loop.ts, access-controller.ts). Saves the verify
       * round trip at the door, but a visitor whose liveness then fails has still been verified once:
       * FACEKI bills that call. 'auto': on for the local verifier (no cost), off for faceki and hybrid.
       */
      overlapVerify: z.enum(['auto', 'on', 'off']).default('auto'),
    })
    .prefault({}),
  resultDisplayMs: z.number().int().min(500).max(60_000).default(4_000),
  /** The kiosk as a machine: the language of its screens, and whether it starts when the session does. */
  kiosk: z
    .strictObject({
      /** The language of the kiosk's own words (a visitor's welcome may use theirs). */
      language: z.enum(['en', 'fr', 'de']).default('en'),
      /** Start facegate at login (Windows/macOS login items, a Linux autostart entry). */
      startAtLogin: z.boolean().default(false),
    })
    .prefault({}),
  /** The operator's admin screen: how hard guessing the PIN is made, and how long it stays open. */
  admin: z
    .strictObject({
      /** Wrong PINs in a row before the admin screen locks. */
      maxPinAttempts: z.number().int().min(3).max(20).default(5),
      /** How long it stays locked; each further lockout in a row doubles it (up to 24 h). */
      lockoutMinutes: z.number().int().min(1).max(1440).default(5),
      /** An admin screen nobody touches for this long closes itself and locks again. */
      idleMinutes: z.number().int().min(1).max(60).default(5),
    })
    .prefault({}),
});

export type Settings = z.infer<typeof settingsSchema>;
export type SettingsInput = z.input<typeof settingsSchema>;

export const defaultSettings = (): Settings => settingsSchema.parse({});
