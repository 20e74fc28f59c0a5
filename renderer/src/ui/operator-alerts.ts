import type { Code } from '../../../electron/common/codes';
import { operatorFaultText, text } from '../i18n/messages';

/** What staff need to know about the kiosk's hardware and set-up, as the screen last heard it. */
export interface OperatorStatus {
  relay?: { fitted: boolean; connected: boolean };
  /** The camera went away after it had worked (CameraSource.onLost) and is being reopened. */
  cameraLost: boolean;
  /** The code of the fault screen on show, if any (camera missing, model error, bad settings...). */
  fault?: Code;
  /** Main's words about that fault (for INVALID_CONFIG: the file and the field), when it gave any. */
  faultDetail?: string;
  /** settings.json is broken and the last good settings stand in: the code and the file, for whoever fixes it. */
  configFault?: { code: Code; message: string };
}

/**
 * The lines of the operator corner, most serious first: a fault that stops the kiosk, then a lost
 * camera, then the door relay. Small print in the kiosk's own language: it is for whoever is called,
 * not for the visitor, who reads the big text.
 */
export function operatorAlerts(status: OperatorStatus): string[] {
  const lines: string[] = [];
  if (status.fault) lines.push(operatorFaultText(status.fault));
  if (status.fault && status.faultDetail) lines.push(status.faultDetail.slice(0, 300));
  if (status.configFault) {
    lines.push(`${text.configFallback} (${status.configFault.code})`, status.configFault.message.slice(0, 300));
  }
  // A camera fault already says so; "reconnecting" beneath it would be the same news twice.
  if (status.cameraLost && status.fault !== 'CAMERA_UNAVAILABLE') lines.push(text.cameraLost);
  const relay = status.relay;
  if (relay && !relay.connected) lines.push(relay.fitted ? text.relayUnavailable : text.relayNone);
  return lines;
}
