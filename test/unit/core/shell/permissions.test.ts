import { describe, expect, it } from 'vitest';
import {
  devicePermissionHandler,
  displayMediaRequestHandler,
  isOnOrigin,
  permissionCheckHandler,
  permissionRequestHandler,
  type PermissionRequestDetails,
} from '../../../../electron/core/shell/permissions';

const ORIGIN = 'app://facegate';
const PAGE = 'app://facegate/index.html';

/** Runs the request handler and returns what it answered, insisting it answered exactly once. */
function request(permission: string, details: PermissionRequestDetails): boolean {
  const answers: boolean[] = [];
  permissionRequestHandler(ORIGIN)({}, permission, (granted) => answers.push(granted), details);
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

const camera: PermissionRequestDetails = { isMainFrame: true, requestingUrl: PAGE, mediaTypes: ['video'] };

describe('permissionRequestHandler', () => {
  it('grants the camera (video only) to our main frame', () => {
    expect(request('media', camera)).toBe(true);
  });

  it.each<[string, string, PermissionRequestDetails]>([
    ['the microphone', 'media', { ...camera, mediaTypes: ['audio'] }],
    ['camera and microphone together', 'media', { ...camera, mediaTypes: ['video', 'audio'] }],
    ['media with no media types', 'media', { ...camera, mediaTypes: [] }],
    ['media with the types missing', 'media', { isMainFrame: true, requestingUrl: PAGE }],
    ['the camera for another origin', 'media', { ...camera, requestingUrl: 'https://evil.example/' }],
    ['the camera for a look-alike host', 'media', { ...camera, requestingUrl: 'app://facegate.evil/index.html' }],
    ['the camera for a file page', 'media', { ...camera, requestingUrl: 'file:///tmp/index.html' }],
    ['the camera for an empty URL', 'media', { ...camera, requestingUrl: '' }],
    ['the camera for a sub-frame on our origin', 'media', { ...camera, isMainFrame: false }],
    ['screen capture (also "video")', 'display-capture', camera],
    ['notifications', 'notifications', { isMainFrame: true, requestingUrl: PAGE }],
    ['geolocation', 'geolocation', { isMainFrame: true, requestingUrl: PAGE }],
    ['reading the clipboard', 'clipboard-read', { isMainFrame: true, requestingUrl: PAGE }],
    ['full screen', 'fullscreen', { isMainFrame: true, requestingUrl: PAGE }],
    ['opening external links', 'openExternal', { isMainFrame: true, requestingUrl: PAGE }],
    ['serial ports', 'serial', { isMainFrame: true, requestingUrl: PAGE }],
  ])('refuses %s', (_what, permission, details) => {
    expect(request(permission, details)).toBe(false);
  });
});

describe('permissionCheckHandler', () => {
  const check = permissionCheckHandler(ORIGIN);

  it('says yes to the camera for our main frame, from its URL or from the origin alone', () => {
    expect(check(null, 'media', ORIGIN, { isMainFrame: true, requestingUrl: PAGE, mediaType: 'video' })).toBe(true);
    expect(check(null, 'media', ORIGIN, { isMainFrame: true, mediaType: 'video' })).toBe(true);
  });

  it.each([
    ['the microphone', 'media', ORIGIN, { isMainFrame: true, requestingUrl: PAGE, mediaType: 'audio' as const }],
    [
      'an unknown media type',
      'media',
      ORIGIN,
      { isMainFrame: true, requestingUrl: PAGE, mediaType: 'unknown' as const },
    ],
    ['media with no type', 'media', ORIGIN, { isMainFrame: true, requestingUrl: PAGE }],
    ['another origin', 'media', 'https://evil.example', { isMainFrame: true, mediaType: 'video' as const }],
    [
      'another page URL under our origin string',
      'media',
      ORIGIN,
      { isMainFrame: true, requestingUrl: 'https://evil.example/', mediaType: 'video' as const },
    ],
    ['a sub-frame', 'media', ORIGIN, { isMainFrame: false, requestingUrl: PAGE, mediaType: 'video' as const }],
    ['notifications', 'notifications', ORIGIN, { isMainFrame: true, requestingUrl: PAGE }],
    ['geolocation', 'geolocation', ORIGIN, { isMainFrame: true, requestingUrl: PAGE }],
    ['reading the clipboard', 'clipboard-read', ORIGIN, { isMainFrame: true, requestingUrl: PAGE }],
    ['HID devices', 'hid', ORIGIN, { isMainFrame: true, requestingUrl: PAGE }],
  ])('says no to %s', (_what, permission, origin, details) => {
    expect(check(null, permission, origin, details)).toBe(false);
  });
});

describe('isOnOrigin', () => {
  it('compares scheme and host, since app:// origins are all "null" to WHATWG URL', () => {
    expect(new URL(PAGE).origin).toBe('null');
    expect(isOnOrigin(PAGE, ORIGIN)).toBe(true);
    expect(isOnOrigin('app://other/index.html', ORIGIN)).toBe(false);
    expect(isOnOrigin('http://facegate/index.html', ORIGIN)).toBe(false);
    expect(isOnOrigin('not a url', ORIGIN)).toBe(false);
    expect(isOnOrigin(undefined, ORIGIN)).toBe(false);
  });

  it('compares the port too for an http origin (the Node host)', () => {
    expect(isOnOrigin('http://127.0.0.1:5173/', 'http://127.0.0.1:5173')).toBe(true);
    expect(isOnOrigin('http://127.0.0.1:5174/', 'http://127.0.0.1:5173')).toBe(false);
  });
});

describe('device and screen-capture handlers', () => {
  it('never offers a USB, HID, serial or Bluetooth device', () => {
    expect(devicePermissionHandler()).toBe(false);
  });

  it('answers getDisplayMedia with no stream', () => {
    const answers: unknown[] = [];
    displayMediaRequestHandler({ frame: null, securityOrigin: ORIGIN }, (streams) => answers.push(streams));
    expect(answers).toEqual([null]);
  });
});
