import type { Code } from '../../../electron/common/codes';
import type { Decision } from '../../../electron/common/decision';

/**
 * What the person at the door reads. Short imperative guidance for the gate's codes, and one line
 * for each decision. English only for now; the keys are codes, so another language is another table.
 */
const guidance: Partial<Record<Code, string>> = {
  FACE_NOT_FOUND: 'Look at the camera',
  FACE_TOO_SMALL: 'Step closer',
  FACE_TOO_CLOSE: 'Step back a little',
  FACE_CLOSE_TO_BORDER: 'Move to the centre',
  FACE_CROPPED: 'Move to the centre',
  TOO_MANY_FACES: 'One person at a time, please',
  LOW_DETECTION_SCORE: 'Face the camera',
  FACE_ANGLE_TOO_LARGE: 'Face the camera',
  POOR_LIGHT: 'Move into the light',
  FACE_BLUR: 'Hold still',
  PLEASE_TRY_AGAIN: 'Please try again',
  FAILED_TO_READ_IMAGE: 'Please try again',
};

export const text = {
  starting: 'Starting…',
  holding: 'Hold still…',
  verifying: 'Checking…',
  cameraFault: 'Camera unavailable: please call reception',
  modelFault: 'Face check unavailable: please call reception',
  configFault: 'This kiosk is not set up yet: please call reception',
  storageFault: 'This kiosk cannot keep its records: please call reception',
  otherFault: 'Out of order: please call reception',
  offlineBanner: 'Offline: face entry is unavailable, please use your badge or call reception',
  guidance: (code: Code): string => guidance[code] ?? 'Look at the camera',
};

/** The one line a person sees when the kiosk cannot work; the code beneath is for the operator. */
export function faultText(code: Code | undefined): string {
  switch (code) {
    case 'FAILED_TO_READ_MODEL':
      return text.modelFault;
    case 'CAMERA_UNAVAILABLE':
      return text.cameraFault;
    case 'INVALID_CONFIG':
      return text.configFault;
    case 'STORAGE_FAILED':
      return text.storageFault;
    default:
      return text.otherFault;
  }
}

export interface DecisionText {
  title: string;
  detail: string;
}

export function decisionText(d: Decision): DecisionText {
  if (d.decision === 'granted') {
    const who = d.user?.name ? `, ${d.user.name}` : '';
    return d.doorOpened
      ? { title: `Welcome${who}`, detail: 'The door is open' }
      : { title: `Welcome${who}`, detail: 'The door did not open: please call reception' };
  }
  if (d.decision === 'denied') {
    if (d.code === 'NO_MATCH') return { title: 'Not recognised', detail: 'Please call reception' };
    if (d.code === 'AMBIGUOUS_MATCH')
      return { title: 'Not sure who you are', detail: 'Please try again or call reception' };
    return { title: text.guidance(d.code), detail: 'Then try again' };
  }
  if (d.code === 'OFFLINE') return { title: 'Offline', detail: 'Please use your badge or call reception' };
  return { title: 'Something went wrong', detail: `Please call reception (${d.code})` };
}
