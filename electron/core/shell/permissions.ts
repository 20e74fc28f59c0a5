/*
 * SECURITY BASELINE: DO NOT CHANGE without a security review (see electron/main/security.ts).
 * The page gets the camera and nothing else: no microphone, no screen, no notifications, no
 * location, no clipboard, no USB/serial/HID device (the relay belongs to main). Chromium asks the
 * request handler when the page asks for a permission, and the check handler when it only wants to
 * know (enumerateDevices labels, permissions.query): both must answer the same way.
 */

/** Electron's PermissionRequest / MediaAccessPermissionRequest, as far as the decision needs. */
export interface PermissionRequestDetails {
  isMainFrame: boolean;
  requestingUrl: string;
  mediaTypes?: ReadonlyArray<'video' | 'audio'>;
}

/** Electron's PermissionCheckHandlerHandlerDetails, as far as the decision needs. */
export interface PermissionCheckDetails {
  isMainFrame: boolean;
  requestingUrl?: string;
  mediaType?: 'video' | 'audio' | 'unknown';
}

export type PermissionRequestHandler = (
  contents: unknown,
  permission: string,
  callback: (granted: boolean) => void,
  details: PermissionRequestDetails,
) => void;

export type PermissionCheckHandler = (
  contents: unknown,
  permission: string,
  requestingOrigin: string,
  details: PermissionCheckDetails,
) => boolean;

/**
 * Whether a URL is on our origin. app:// has an opaque WHATWG origin ("null", as any non-special
 * scheme does), so URL.origin would call every app:// page the same: compare scheme and host.
 */
export function isOnOrigin(url: string | undefined, appOrigin: string): boolean {
  if (!url) return false;
  try {
    const u = new URL(url);
    const ours = new URL(appOrigin);
    return `${u.protocol}//${u.host}` === `${ours.protocol}//${ours.host}`;
  } catch {
    return false;
  }
}

/** Camera only: 'media' asking for video and nothing but video, from our main frame. */
export function permissionRequestHandler(appOrigin: string): PermissionRequestHandler {
  return (_contents, permission, callback, details) => {
    const mediaTypes = details.mediaTypes ?? [];
    // 'display-capture' carries mediaTypes ['video'] too (the screen): the permission name matters.
    const videoOnly = mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
    callback(
      permission === 'media' && videoOnly && details.isMainFrame && isOnOrigin(details.requestingUrl, appOrigin),
    );
  };
}

export function permissionCheckHandler(appOrigin: string): PermissionCheckHandler {
  return (_contents, permission, requestingOrigin, details) =>
    permission === 'media' &&
    details.mediaType === 'video' &&
    details.isMainFrame &&
    isOnOrigin(details.requestingUrl ?? requestingOrigin, appOrigin);
}

/** Device pickers (USB, HID, serial, Bluetooth) are never offered to the page. */
export const devicePermissionHandler = (): boolean => false;

/**
 * getDisplayMedia (screen capture): refused. Electron already refuses it while no handler is set;
 * this one makes the refusal explicit, so nobody "restores a default" that opens it.
 */
export const displayMediaRequestHandler = (_request: unknown, callback: (streams: null) => void): void =>
  callback(null);
