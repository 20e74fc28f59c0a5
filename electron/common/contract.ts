import { z } from 'zod';
import { adminChannels } from './admin-contract';
import { ALL_CODES } from './codes';
import { decisionSchema } from './decision';
import { hasImageMagic, imageBytesSchema, imageMimeSchema } from './frame-image';

/**
 * The one IPC contract between the renderer and the main process. Every channel is listed here with
 * its request and response schemas; main's handler wrapper validates requests against them, the
 * preload builds window.kiosk from the same list, and the Node host binds the same handlers for
 * Chromium. Add a channel here and every side sees it.
 */

export { hasImageMagic, imageMimeSchema, MAX_FRAME_BYTES, type ImageMime } from './frame-image';

const frameMetaSchema = z.object({
  /** Detector confidence of the chosen face, 0..1. */
  faceScore: z.number().min(0).max(1),
  /** Face box in frame pixels: x, y, width, height. */
  faceBox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  frameWidth: z.number().int().positive().max(8192),
  frameHeight: z.number().int().positive().max(8192),
  /** How many consecutive frames passed the gate before this one was chosen. */
  framesConsidered: z.number().int().nonnegative(),
  /**
   * 'confirmed': liveness had passed before the frame was sent (the sequential path). 'pending': sent
   * while liveness still watches (capture.overlapVerify); main holds the decision until the renderer's
   * confirmLiveness, and never opens the door without it. Absent: 'confirmed'.
   */
  liveness: z.enum(['confirmed', 'pending']).optional(),
});
export type FrameMeta = z.infer<typeof frameMetaSchema>;

export const submitFrameRequestSchema = z
  .object({
    image: imageBytesSchema,
    mime: imageMimeSchema,
    meta: frameMetaSchema,
  })
  .refine((r) => hasImageMagic(r.image, r.mime), { message: 'image bytes do not match their type' });
export type SubmitFrameRequest = z.infer<typeof submitFrameRequestSchema>;

/** States the renderer walks through; reported to main for the operator's log and the simulator. */
export const KIOSK_STATES = ['starting', 'searching', 'guiding', 'holding', 'verifying', 'result', 'fault'] as const;
export type KioskState = (typeof KIOSK_STATES)[number];

export const reportStateRequestSchema = z.object({
  state: z.enum(KIOSK_STATES),
  code: z.enum(ALL_CODES).optional(),
  detail: z.string().max(500).optional(),
  /**
   * true: this is what the screen now shows the visitor (steady-guidance.ts holds a message still).
   * Absent: the loop's raw state, which changes as often as every frame, kept for diagnosis.
   */
  shown: z.boolean().optional(),
});

/** The liveness verdict on an attempt sent with meta.liveness 'pending'. */
export const confirmLivenessRequestSchema = z.object({
  live: z.boolean(),
  /** Why not live (LIVENESS_FAILED, CAMERA_FROZEN, the face left): for the attempt's log row. */
  code: z.enum(ALL_CODES).optional(),
  detail: z.string().max(200).optional(),
});
export type ConfirmLivenessRequest = z.infer<typeof confirmLivenessRequestSchema>;
export type ReportStateRequest = z.infer<typeof reportStateRequestSchema>;

export const kioskInfoSchema = z.object({
  version: z.string(),
  /** Settings the renderer needs for its gate; never secrets. */
  gate: z.object({
    minFaceWidthRatio: z.number(),
    maxFaceWidthRatio: z.number(),
    minEyeDistanceRatio: z.number(),
    borderMarginRatio: z.number(),
    maxYawDeg: z.number(),
    maxPitchDeg: z.number(),
    maxRollDeg: z.number(),
    minDetectorScore: z.number(),
    minMeanLuma: z.number(),
    maxMeanLuma: z.number(),
    minContrast: z.number(),
    minSharpness: z.number(),
    pickLargestFace: z.boolean(),
    framesToHold: z.number().int().positive(),
  }),
  resultDisplayMs: z.number().int().positive(),
  capture: z.object({
    cameraDevice: z.string(),
    imageFormat: z.enum(['jpeg', 'png']),
    jpegQuality: z.number(),
    /** settings.capture.overlapVerify resolved for the verifier in use (see settings.ts). */
    overlapVerify: z.boolean(),
  }),
  /** settings.liveness as it is: the renderer's accumulator takes it whole (see common/vision/liveness.ts). */
  liveness: z.looseObject({ enabled: z.boolean() }),
  /** The door relay's state at the time of asking; changes arrive as relayStatus events. */
  relay: z.object({ fitted: z.boolean(), connected: z.boolean(), detail: z.string() }),
  /** settings.kiosk.language: the language of the kiosk's own words. */
  language: z.enum(['en', 'fr', 'de']),
  /**
   * settings.json is broken and the kiosk runs on the last good settings: shown to the operator on
   * screen (code and file path) until the file is fixed or the admin screen saves good settings.
   */
  configFault: z.object({ code: z.enum(ALL_CODES), message: z.string() }).nullable(),
  /**
   * What the idle screen tells the operator the kiosk still needs: 'enrol-first' when it recognises
   * faces on its own (effective verifier mode 'local') and nobody is enrolled, so it can only say no.
   * kiosk-app.ts fills it; absent or null, no hint.
   */
  setupHint: z.enum(['enrol-first']).nullable().optional(),
});
export type KioskInfo = z.infer<typeof kioskInfoSchema>;

export const channels = {
  submitFrame: { request: submitFrameRequestSchema, response: decisionSchema },
  reportState: { request: reportStateRequestSchema, response: z.null() },
  confirmLiveness: { request: confirmLivenessRequestSchema, response: z.null() },
  getKioskInfo: { request: z.null(), response: kioskInfoSchema },
  ...adminChannels,
} as const;

export type Channels = typeof channels;
export type ChannelName = keyof Channels;
export type RequestOf<C extends ChannelName> = z.infer<Channels[C]['request']>;
export type ResponseOf<C extends ChannelName> = z.infer<Channels[C]['response']>;
export const CHANNEL_NAMES = Object.keys(channels) as ChannelName[];

/** Events main pushes to the renderer. Listeners receive the payload only. */
export const events = {
  serviceStatus: z.object({ online: z.boolean(), checkedAt: z.string() }),
  relayStatus: z.object({ fitted: z.boolean(), connected: z.boolean(), detail: z.string() }),
} as const;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.infer<(typeof events)[E]>;
export const EVENT_NAMES = Object.keys(events) as EventName[];

/** The IPC channel string for a contract entry, shared so both sides agree on spelling. */
export const ipcChannel = (name: ChannelName | EventName): string => `facegate:${name}`;
