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
  /** The idle screen of a kiosk that cannot let anyone in yet: for the operator setting it up. */
  setup: {
    enrolFirst: 'No one is enrolled yet',
    enrolFirstDetail:
      'Operator: open the admin screen (Ctrl+Alt+Shift+A, or tap the top-left corner five times) and choose People → Enrol a person.\nOr run: npx facegate enroll photo.jpg --name "Full Name"',
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
  /**
   * The operator's admin screen (renderer/src/admin/), in the kiosk's language. Setting values,
   * codes, file paths and command lines stay as they are: they are what an operator types or looks up.
   * Keys ending in _one/_other are i18next plurals, picked by {{count}}.
   */
  admin: {
    title: 'facegate admin',
    close: 'Lock and close',
    pin: {
      title: 'Admin PIN',
      ok: 'OK',
      cancel: 'Cancel',
      format: 'A PIN is 6 to 12 digits.',
      wrong_one: 'Wrong PIN: {{count}} attempt left.',
      wrong_other: 'Wrong PIN: {{count}} attempts left.',
      locked: 'Too many wrong PINs: locked until {{time}}.',
      notSet: 'No admin PIN is set on this kiosk: run "npx facegate admin set-pin" on the machine.',
    },
    tabs: {
      settings: 'Settings',
      people: 'People',
      attempts: 'Attempt log',
      health: 'Health',
    },
    settings: {
      file: 'Settings file: {{path}}. Client secret stored.',
      fileNoSecret: 'Settings file: {{path}}. Client secret NOT set.',
      fileInvalid: '{{path}} is invalid ({{code}}): {{message}}. Saving replaces it.',
      save: 'Save',
      saved: 'Saved. The kiosk uses the new settings when this screen closes.',
      notSavedFix: 'Not saved: fix the fields marked in red.',
      notSaved: 'Not saved: {{message}} ({{code}})',
      fixFirst: 'Fix the fields marked in red first.',
      testing: 'testing…',
      testConnection: 'Test connection',
      testRelay: 'Test relay (opens the door)',
      clientSecret: 'Client secret (stored sealed, never shown)',
      clientSecretPlaceholder: 'leave empty to keep the stored secret',
      camerasFound: 'Cameras found',
      firstCamera: 'first camera',
      cameraNumber: 'camera {{number}}',
    },
    sections: {
      verifier: 'Verify service',
      camera: 'Camera',
      gate: 'Face checks',
      relay: 'Door relay',
      access: 'Access',
      retention: 'Retention',
      kiosk: 'Kiosk',
    },
    /** One label per settings path the form shows (settings-fields.ts). */
    fields: {
      verifier: {
        verifyUrl: 'Verify URL',
        tokenUrl: 'Token URL',
        clientId: 'Client ID',
        imageField: 'Image field name',
        timeoutMs: 'Timeout per request (ms)',
      },
      capture: {
        cameraDevice: 'Camera (device id or part of its name; empty: the first)',
        imageFormat: 'Image sent',
        jpegQuality: 'JPEG quality (0.7-1)',
      },
      gate: {
        minFaceWidthRatio: 'Face width, minimum (share of frame)',
        maxFaceWidthRatio: 'Face width, maximum (share of frame)',
        minEyeDistanceRatio: 'Eye distance, minimum (share of frame)',
        borderMarginRatio: 'Margin from the frame edge',
        maxYawDeg: 'Head turn, maximum (degrees)',
        maxPitchDeg: 'Head tilt up/down, maximum (degrees)',
        maxRollDeg: 'Head tilt sideways, maximum (degrees)',
        minDetectorScore: 'Detector score, minimum',
        minMeanLuma: 'Light, minimum (0-255)',
        maxMeanLuma: 'Light, maximum (0-255)',
        minContrast: 'Contrast, minimum',
        minSharpness: 'Sharpness, minimum',
        framesToHold: 'Good frames before sending',
        pickLargestFace: 'With several faces, judge the largest',
      },
      liveness: {
        enabled: 'Liveness check',
        minAntispoof: 'Anti-spoofing score, minimum',
        minLiveness: 'Liveness score, minimum',
        challenge: 'Challenge',
      },
      relay: {
        port: 'Serial port (empty: no relay)',
        protocol: 'Protocol',
        channel: 'Channel',
        openMs: 'Door open time (ms)',
        baudRate: 'Baud rate',
        lockType: 'Lock type',
      },
      access: {
        offlinePolicy: 'When the service is offline',
        cachedGrantMaxAgeHours: 'Cached grant, maximum age (hours)',
        cooldownMs: 'Cooldown after an attempt (ms)',
        minConfidence: 'Match confidence, minimum',
      },
      retention: {
        attemptDays: 'Keep attempts (days)',
        keepImages: 'Keep offline images (encrypted) for re-verification',
        imageDays: 'Keep images (days)',
      },
      kiosk: {
        language: 'Language',
        startAtLogin: 'Start at login',
      },
      resultDisplayMs: 'Result shown for (ms)',
      admin: {
        maxPinAttempts: 'Wrong PINs before lockout',
        lockoutMinutes: 'Lockout (minutes, doubles each time)',
        idleMinutes: 'Admin screen closes after (idle minutes)',
      },
    },
    /** The small print after some labels. */
    hints: {
      httpsOnly: 'https only (http only to this machine)',
      stepCloser: 'below: "step closer"',
      stepBack: 'above: "step back"',
      serialPort: 'e.g. /dev/ttyUSB0 or COM3',
    },
    /** What a select shows for each value of a setting whose values are words (the value saved stays). */
    choices: {
      offlinePolicy: { deny: 'deny', cached: 'cached' },
      challenge: { none: 'none', blink: 'blink', turn: 'turn' },
      lockType: { 'fail-secure': 'fail-secure', 'fail-safe': 'fail-safe' },
    },
    attempts: {
      from: 'From',
      to: 'To',
      anyDecision: 'any decision',
      codePlaceholder: 'code, e.g. NO_MATCH',
      userPlaceholder: 'user id or name',
      apply: 'Apply',
      newer: '‹ Newer',
      older: 'Older ›',
      export: 'Export CSV',
      columns: {
        time: 'Time',
        decision: 'Decision',
        code: 'Code',
        user: 'User',
        confidence: 'Confidence',
        online: 'Online',
        door: 'Door',
        sync: 'Sync',
      },
      decisions: { granted: 'granted', denied: 'denied', error: 'error' },
      yes: 'yes',
      no: 'no',
      opened: 'opened',
      shut: 'shut',
      sync: { none: 'none', queued: 'queued', resolved: 'resolved', unresolved: 'unresolved' },
      range: '{{from}}-{{to}} of {{total}}',
      noMatch: 'no attempts match',
      exported_one: 'exported {{count}} attempt as {{file}}',
      exported_other: 'exported {{count}} attempts as {{file}}',
    },
    /** The People section (renderer/src/admin/people-view.ts). */
    people: {
      listTitle: 'Enrolled people',
      modeLocal:
        'This kiosk recognises faces itself: people enrolled here are kept as encrypted templates, never photos.',
      modeFaceki:
        'The verify service (FACEKI) recognises faces: enrolments go to it. Listed here: people kept for offline entry.',
      otherModel_one: '{{count}} template of an older face model is kept but never matched: enrol those people again.',
      otherModel_other:
        '{{count}} templates of an older face model are kept but never matched: enrol those people again.',
      count_one: '{{count}} person enrolled',
      count_other: '{{count}} people enrolled',
      none: 'No one is enrolled yet.',
      columns: {
        name: 'Name',
        email: 'Email',
        language: 'Language',
        templates: 'Templates',
        created: 'Enrolled',
      },
      forget: 'Forget',
      forgetConfirm: 'Forget {{name}} and all their templates?',
      forgetYes: 'Yes, forget',
      forgotten: '{{name}} is forgotten.',
      cancel: 'Cancel',
      enrolTitle: 'Enrol a person',
      enrolHelp:
        'The person stands at the kiosk and looks at the camera. {{frames}} good frames are taken, checked as at the door; the kiosk keeps templates, not the pictures.',
      emailOptional: 'Email (optional)',
      kioskLanguage: 'the kiosk’s language',
      enrol: 'Capture and enrol',
      sending: 'Enrolling…',
      captured: 'Frame {{n}} of {{total}} taken',
      enrolled: '{{name}} is enrolled and recognised from now on.',
      enrolledFaceki: '{{name}} is enrolled with the verify service.',
      cancelled: 'Capture cancelled.',
      nameNeeded: 'Enter the person’s name first.',
      emailInvalid: 'That email address is not valid.',
      noVision: 'The face model has not loaded yet: see Health.',
      noCamera: 'The camera shows no picture.',
      failed: 'Not enrolled',
      refused: {
        FACE_NOT_FOUND: 'Not enrolled: no face in a frame',
        TOO_MANY_FACES: 'Not enrolled: more than one face in view',
        FAILED_TO_READ_IMAGE: 'Not enrolled: a frame could not be read, try again',
        ALREADY_ENROLLED: 'Not enrolled: this face is already enrolled (forget that person first)',
        LIVENESS_FAILED: 'Not enrolled: not confirmed as a live face',
        CAMERA_FROZEN: 'Not enrolled: the camera picture is frozen',
        FAILED_TO_READ_MODEL: 'Not enrolled: the face model is unavailable',
      },
    },
    health: {
      refresh: 'Refresh',
      valid: '{{path}} (valid)',
      names: {
        camera: 'camera',
        model: 'model',
        service: 'service',
        relay: 'relay',
        settings: 'settings',
        storage: 'storage',
        kiosk: 'kiosk',
        main: 'main',
      },
    },
  },
};

/** The shape every language fills in: the same keys as English, any wording. */
type Widen<T> = { [K in keyof T]: T[K] extends string ? string : Widen<T[K]> };
export type Messages = Widen<typeof en>;
