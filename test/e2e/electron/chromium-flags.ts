/**
 * Chromium switches the _electron specs start Electron with: a fake camera playing the given file,
 * and nothing that answers permission prompts. --use-fake-ui-for-media-stream must never be added
 * here (test/unit/main/kiosk-window-media-flags.test.ts fails if it is): it grants every media
 * request itself, so the app's own permission handlers (core/shell/permissions.ts) would never be
 * asked, a broken camera grant would pass, and the fake microphone would be handed to the page.
 */
export function electronChromiumArgs(camera: string, env: Record<string, string | undefined> = process.env): string[] {
  const args = ['--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${camera}`];
  // A CI box has no display; Electron's Ozone layer can run without one (Playwright adds --no-sandbox itself).
  if (process.platform === 'linux' && !env.DISPLAY && !env.WAYLAND_DISPLAY) args.push('--ozone-platform=headless');
  return args;
}
