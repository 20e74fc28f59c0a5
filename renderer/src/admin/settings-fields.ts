import { RELAY_PROTOCOLS } from '../../../electron/common/relay-settings';

/**
 * The settings the admin screen offers, grouped as an installer thinks of them. Anything not
 * listed (retry tuning, liveness internals) keeps its value from the file: the screen edits a copy
 * of the whole settings object, so what it does not show it does not lose.
 */
export type FieldKind = 'text' | 'number' | 'checkbox' | 'select';

export interface FieldDef {
  path: string;
  label: string;
  kind: FieldKind;
  options?: readonly string[];
  /** For numbers: the step of the input. */
  step?: number;
  hint?: string;
}

export interface SectionDef {
  id: string;
  title: string;
  fields: FieldDef[];
}

const num = (path: string, label: string, step = 1, hint?: string): FieldDef => ({
  path,
  label,
  kind: 'number',
  step,
  ...(hint && { hint }),
});
const text = (path: string, label: string, hint?: string): FieldDef => ({
  path,
  label,
  kind: 'text',
  ...(hint && { hint }),
});
const check = (path: string, label: string): FieldDef => ({ path, label, kind: 'checkbox' });
const select = (path: string, label: string, options: readonly string[]): FieldDef => ({
  path,
  label,
  kind: 'select',
  options,
});

export const SECTIONS: SectionDef[] = [
  {
    id: 'verifier',
    title: 'Verify service',
    fields: [
      text('verifier.verifyUrl', 'Verify URL', 'https only (http only to this machine)'),
      text('verifier.tokenUrl', 'Token URL'),
      text('verifier.clientId', 'Client ID'),
      text('verifier.imageField', 'Image field name'),
      num('verifier.timeoutMs', 'Timeout per request (ms)', 100),
    ],
  },
  {
    id: 'camera',
    title: 'Camera',
    fields: [
      text('capture.cameraDevice', 'Camera (device id or part of its name; empty: the first)'),
      select('capture.imageFormat', 'Image sent', ['jpeg', 'png']),
      num('capture.jpegQuality', 'JPEG quality (0.7-1)', 0.01),
    ],
  },
  {
    id: 'gate',
    title: 'Face checks',
    fields: [
      num('gate.minFaceWidthRatio', 'Face width, minimum (share of frame)', 0.01, 'below: "step closer"'),
      num('gate.maxFaceWidthRatio', 'Face width, maximum (share of frame)', 0.01, 'above: "step back"'),
      num('gate.minEyeDistanceRatio', 'Eye distance, minimum (share of frame)', 0.005),
      num('gate.borderMarginRatio', 'Margin from the frame edge', 0.005),
      num('gate.maxYawDeg', 'Head turn, maximum (degrees)'),
      num('gate.maxPitchDeg', 'Head tilt up/down, maximum (degrees)'),
      num('gate.maxRollDeg', 'Head tilt sideways, maximum (degrees)'),
      num('gate.minDetectorScore', 'Detector score, minimum', 0.01),
      num('gate.minMeanLuma', 'Light, minimum (0-255)'),
      num('gate.maxMeanLuma', 'Light, maximum (0-255)'),
      num('gate.minContrast', 'Contrast, minimum'),
      num('gate.minSharpness', 'Sharpness, minimum'),
      num('gate.framesToHold', 'Good frames before sending'),
      check('gate.pickLargestFace', 'With several faces, judge the largest'),
      check('liveness.enabled', 'Liveness check'),
      num('liveness.minAntispoof', 'Anti-spoofing score, minimum', 0.01),
      num('liveness.minLiveness', 'Liveness score, minimum', 0.01),
      select('liveness.challenge', 'Challenge', ['none', 'blink', 'turn']),
    ],
  },
  {
    id: 'relay',
    title: 'Door relay',
    fields: [
      text('relay.port', 'Serial port (empty: no relay)', 'e.g. /dev/ttyUSB0 or COM3'),
      select('relay.protocol', 'Protocol', RELAY_PROTOCOLS),
      num('relay.channel', 'Channel'),
      num('relay.openMs', 'Door open time (ms)', 100),
      num('relay.baudRate', 'Baud rate'),
      select('relay.lockType', 'Lock type', ['fail-secure', 'fail-safe']),
    ],
  },
  {
    id: 'access',
    title: 'Access',
    fields: [
      select('access.offlinePolicy', 'When the service is offline', ['deny', 'cached']),
      num('access.cachedGrantMaxAgeHours', 'Cached grant, maximum age (hours)'),
      num('access.cooldownMs', 'Cooldown after an attempt (ms)', 100),
      num('access.minConfidence', 'Match confidence, minimum', 0.01),
    ],
  },
  {
    id: 'retention',
    title: 'Retention',
    fields: [
      num('retention.attemptDays', 'Keep attempts (days)'),
      check('retention.keepImages', 'Keep offline images (encrypted) for re-verification'),
      num('retention.imageDays', 'Keep images (days)'),
    ],
  },
  {
    id: 'kiosk',
    title: 'Kiosk',
    fields: [
      select('kiosk.language', 'Language', ['en', 'fr', 'de']),
      check('kiosk.startAtLogin', 'Start at login'),
      num('resultDisplayMs', 'Result shown for (ms)', 100),
      num('admin.maxPinAttempts', 'Wrong PINs before lockout'),
      num('admin.lockoutMinutes', 'Lockout (minutes, doubles each time)'),
      num('admin.idleMinutes', 'Admin screen closes after (idle minutes)'),
    ],
  },
];
