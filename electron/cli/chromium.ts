import { existsSync } from 'node:fs';
import { CodedError } from '../core/ipc/dispatcher';

/** Debian's Chromium; FACEGATE_CHROMIUM overrides. Playwright's own browser download is not used. */
export function findChromium(): string {
  const candidates = [process.env.FACEGATE_CHROMIUM, '/usr/bin/chromium', '/usr/bin/chromium-browser'];
  const found = candidates.find((c): c is string => !!c && existsSync(c));
  if (!found) {
    throw new CodedError(
      'INVALID_CONFIG',
      'Chromium not found: install it (apt-get install chromium) or set FACEGATE_CHROMIUM',
    );
  }
  return found;
}

/**
 * Flags for headless Chromium on a closed network (without the background-networking ones it tries
 * Google's hosts at every start), with the given Y4M/MJPEG file playing as its camera.
 */
export function chromiumArgs(cameraFile?: string): string[] {
  const quiet = [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    '--disable-quic',
    '--disable-dev-shm-usage',
  ];
  const camera = cameraFile
    ? [
        '--use-fake-device-for-media-stream',
        '--use-fake-ui-for-media-stream',
        `--use-file-for-fake-video-capture=${cameraFile}`,
      ]
    : [];
  return [...quiet, ...camera];
}
