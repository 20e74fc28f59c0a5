/**
 * One vocabulary for everything a person or an operator sees. The first group is the seed API's
 * face codes (docs/seed-verify-api.txt); the second is the kiosk's own. The renderer's gate, the
 * verify client, the attempt log and the UI messages all speak it, so a code means the same thing
 * wherever it appears.
 */
export const FACE_CODES = [
  'FACE_TOO_CLOSE',
  'FACE_CLOSE_TO_BORDER',
  'FACE_CROPPED',
  'FACE_NOT_FOUND',
  'FACE_TOO_SMALL',
  'FACE_ANGLE_TOO_LARGE',
  'FAILED_TO_PREDICT_LANDMARKS',
  'FAILED_TO_READ_IMAGE',
  'FAILED_TO_READ_MODEL',
  'FAILED_TO_WRITE_IMAGE',
  'INVALID_CONFIG',
  'INVALID_FUSE_MODE',
  'NO_SUCH_OBJECT_IN_BUILD',
  'NULLPTR',
  'TOO_MANY_FACES',
  'UNKNOWN',
] as const;

export const KIOSK_CODES = [
  'OK',
  'LOW_DETECTION_SCORE',
  'LIVENESS_FAILED',
  'POOR_LIGHT',
  'FACE_BLUR',
  'PLEASE_TRY_AGAIN',
  'NO_MATCH',
  'LOW_CONFIDENCE',
  'AMBIGUOUS_MATCH',
  'OFFLINE',
  'TIMEOUT',
  'SERVER_ERROR',
  'AUTH_FAILED',
  'QUOTA_EXHAUSTED',
  'MALFORMED_RESPONSE',
  'RELAY_UNAVAILABLE',
  'CAMERA_UNAVAILABLE',
  /** The camera delivers the same frame over and over (liveness.ts): a fault, not a face to judge. */
  'CAMERA_FROZEN',
  'COOLDOWN',
  'STORAGE_FAILED',
  'INVALID_REQUEST',
  'FORBIDDEN_SENDER',
  'UNKNOWN_CHANNEL',
  'INTERNAL_ERROR',
  /** The admin screen: no PIN has been set on this machine yet (`facegate admin set-pin`). */
  'ADMIN_PIN_NOT_SET',
  /** Too many wrong PINs: the admin screen stays shut until the lockout ends. */
  'ADMIN_LOCKED',
  /** An admin request without an unlocked admin session (never unlocked, locked again, or idle too long). */
  'ADMIN_REQUIRED',
  /** Enrolment refused: the face already matches another enrolled person (local gallery). */
  'ALREADY_ENROLLED',
  /** Forget or look-up of a person id the gallery does not hold. */
  'PERSON_NOT_FOUND',
] as const;

export type FaceCode = (typeof FACE_CODES)[number];
export type KioskCode = (typeof KIOSK_CODES)[number];
export type Code = FaceCode | KioskCode;

export const ALL_CODES = [...FACE_CODES, ...KIOSK_CODES] as const;

export function isCode(value: unknown): value is Code {
  return typeof value === 'string' && (ALL_CODES as readonly string[]).includes(value);
}
