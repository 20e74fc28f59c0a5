import { app, session, type WebContents } from 'electron';
import { APP_ORIGIN } from './app-origin';

/*
 * ============================================================================================
 *  SECURITY BASELINE: DO NOT CHANGE without a security review.
 *  The renderer runs a camera and untrusted image-processing code; it must never reach Node,
 *  another origin, a new window, or a device other than the camera. Loosening any line below
 *  (a CSP source, a permission, a navigation) widens what a compromised renderer can do at a door.
 * ============================================================================================
 */

// The CSP itself lives in core/renderer-policy.ts, shared with the Node host's server.
export { CONTENT_SECURITY_POLICY } from '../core/renderer-policy';

/** Before ready: sandbox every renderer and lock down every web contents as it is created. */
export function setupSecurityBaseline(): void {
  // Must run before 'ready'; afterwards Electron ignores it.
  app.enableSandbox();
  app.on('web-contents-created', (_event, contents) => lockDown(contents));
}

function lockDown(contents: WebContents): void {
  // The kiosk is one page; loadURL/reload from main do not raise will-navigate, so denying all is safe.
  contents.on('will-navigate', (event) => event.preventDefault());
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

const isOurOrigin = (url: string | undefined): boolean => {
  if (!url) return false;
  try {
    const u = new URL(url);
    // app:// has an opaque WHATWG origin ("null"): compare scheme and host instead.
    return `${u.protocol}//${u.host}` === APP_ORIGIN;
  } catch {
    return false;
  }
};

/** After ready: the camera, video only, from our own origin; every other permission is refused. */
export function setupPermissions(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? (details.mediaTypes ?? []) : [];
    const videoOnly = mediaTypes.length > 0 && mediaTypes.every((type) => type === 'video');
    callback(permission === 'media' && videoOnly && details.isMainFrame && isOurOrigin(details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) => {
    return (
      permission === 'media' &&
      details.mediaType === 'video' &&
      details.isMainFrame &&
      isOurOrigin(details.requestingUrl ?? requestingOrigin)
    );
  });
  // Device pickers (USB, HID, serial, Bluetooth) are never offered to the page: the relay is main's.
  ses.setDevicePermissionHandler(() => false);
}
