import { app, session } from 'electron';
import { lockDownContents } from '../core/shell/contents-lockdown';
import {
  devicePermissionHandler,
  displayMediaRequestHandler,
  permissionCheckHandler,
  permissionRequestHandler,
} from '../core/shell/permissions';
import { rendererEntry } from './app-origin';

/*
 * ============================================================================================
 *  SECURITY BASELINE: DO NOT CHANGE without a security review.
 *  The renderer runs a camera and untrusted image-processing code; it must never reach Node,
 *  another origin, a new window, or a device other than the camera. Loosening any line below
 *  (a CSP source, a permission, a navigation) widens what a compromised renderer can do at a door.
 *  The rules themselves live in core/shell (contents-lockdown, blocked-chords, permissions) and
 *  core/renderer-policy (the CSP), where they are unit-tested; this file only hands them to Electron.
 * ============================================================================================
 */

// The CSP itself lives in core/renderer-policy.ts, shared with the Node host's server.
export { CONTENT_SECURITY_POLICY } from '../core/renderer-policy';

/** Before ready: sandbox every renderer and lock down every web contents as it is created. */
export function setupSecurityBaseline(): void {
  // Must run before 'ready'; afterwards Electron ignores it.
  app.enableSandbox();
  // Under `npm run dev` only, Vite's own reloads of its page (core/shell/renderer-entry.ts).
  const entry = rendererEntry();
  const devServerOrigin = entry.devServer ? entry.origin : undefined;
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, { devServerOrigin }));
}

/** After ready: the camera, video only, from our own origin; every other permission is refused. */
export function setupPermissions(): void {
  const ses = session.defaultSession;
  const { origin } = rendererEntry();
  ses.setPermissionRequestHandler(permissionRequestHandler(origin));
  ses.setPermissionCheckHandler(permissionCheckHandler(origin));
  ses.setDevicePermissionHandler(devicePermissionHandler);
  ses.setDisplayMediaRequestHandler(displayMediaRequestHandler);
}
