import type { Code } from '../../../../electron/common/codes';

/**
 * The codes a person at the door can do something about: the gate's, liveness's and the few the
 * verify service answers about the photo. Every language must word each of them (a unit test checks).
 */
export const GUIDANCE_CODES = [
  'FACE_NOT_FOUND',
  'FACE_TOO_SMALL',
  'FACE_TOO_CLOSE',
  'FACE_CLOSE_TO_BORDER',
  'FACE_CROPPED',
  'TOO_MANY_FACES',
  'LOW_DETECTION_SCORE',
  'FACE_ANGLE_TOO_LARGE',
  'POOR_LIGHT',
  'FACE_BLUR',
  'LIVENESS_FAILED',
  'PLEASE_TRY_AGAIN',
  'FAILED_TO_READ_IMAGE',
  'FAILED_TO_PREDICT_LANDMARKS',
] as const satisfies readonly Code[];
export type GuidanceCode = (typeof GUIDANCE_CODES)[number];

/**
 * English, the kiosk's default language and the reference table: every other language has exactly
 * these keys (the Messages type below makes a missing or extra key a compile error). Short, plain,
 * imperative words, read from a metre away by someone who has never seen the kiosk.
 */
export const en = {
  state: {
    starting: 'Starting…',
    idle: 'Look at the camera to enter',
    idleDetail: 'Stand in front of the screen, about one step away',
    holding: 'Keep looking at the camera',
    verifying: 'Checking…',
    verifyingDetail: 'One moment, please',
  },
  guidance: {
    FACE_NOT_FOUND: 'Look at the camera',
    FACE_TOO_SMALL: 'Step closer',
    FACE_TOO_CLOSE: 'Step back a little',
    FACE_CLOSE_TO_BORDER: 'Move to the centre',
    FACE_CROPPED: 'Move to the centre',
    TOO_MANY_FACES: 'Only one person, please',
    LOW_DETECTION_SCORE: 'Look at the camera',
    FACE_ANGLE_TOO_LARGE: 'Turn your face to the camera',
    POOR_LIGHT: 'Move into the light',
    FACE_BLUR: 'Hold still',
    LIVENESS_FAILED: 'We could not confirm a live face: please call reception',
    PLEASE_TRY_AGAIN: 'Please try again',
    FAILED_TO_READ_IMAGE: 'Please try again',
    FAILED_TO_PREDICT_LANDMARKS: 'Please try again',
  } satisfies Record<GuidanceCode, string>,
  decision: {
    welcome: 'Welcome, {{name}}',
    welcomeNoName: 'Welcome',
    doorOpen: 'The door is open',
    doorShut: 'The door did not open: please call reception',
    notRecognised: 'Not recognised',
    notRecognisedDetail: 'Please call reception',
    ambiguous: 'Not sure who you are',
    retryOrReception: 'Please try again or call reception',
    thenTryAgain: 'Then try again',
    offline: 'Offline',
    offlineDetail: 'Please use your badge or call reception',
    error: 'Something went wrong',
    errorDetail: 'Please call reception ({{code}})',
  },
  fault: {
    camera: 'Camera unavailable: please call reception',
    model: 'Face check unavailable: please call reception',
    config: 'This kiosk is not set up yet: please call reception',
    storage: 'This kiosk cannot keep its records: please call reception',
    other: 'Out of order: please call reception',
  },
  /** For staff: shown small in a corner, always in the kiosk's default language. */
  operator: {
    configFallback: 'Settings file invalid, last good settings in use',
    relayUnavailable: 'Door controller unavailable',
    relayNone: 'No door relay configured',
    cameraLost: 'Camera disconnected: reconnecting…',
    cameraFrozen: 'Camera image frozen',
    camera: 'No camera, or camera access refused',
    model: 'Face model failed to load',
    config: 'Settings are invalid',
    storage: 'Database cannot be written',
    other: 'Kiosk fault',
  },
  banner: {
    offline: 'Offline: face entry is unavailable, please use your badge or call reception',
  },
};

/** The shape every language fills in: the same keys as English, any wording. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
