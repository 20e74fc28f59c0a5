import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { electronChromiumArgs } from '../../e2e/electron/chromium-flags';
import { repoRoot } from '../../support/fixtures';

/*
 * The _electron specs cannot run here (no Electron binary), so this is what keeps them honest about
 * the kiosk window's camera permission: --use-fake-ui-for-media-stream answers every media prompt
 * itself, so with it the app's own permission handlers are never asked and the specs could not see
 * a broken camera grant or a microphone handed to the page.
 */

const FAKE_UI = '--use-fake-ui-for-media-stream';
const CAMERA = '/tmp/camera.y4m';

/** The text without its comments (a `//` after a colon is a URL, not a comment). */
const codeOf = (source: string): string => source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('the Chromium switches of the _electron specs', () => {
  it('play the fake camera file through the fake device, and leave permission prompts to the app', () => {
    for (const env of [{}, { DISPLAY: ':0' }]) {
      const args = electronChromiumArgs(CAMERA, env);
      expect(args).toContain('--use-fake-device-for-media-stream');
      expect(args).toContain(`--use-file-for-fake-video-capture=${CAMERA}`);
      expect(args).not.toContain(FAKE_UI);
    }
  });

  it('are not bypassed anywhere in the specs, their launcher or the main process', () => {
    const files = [
      ...filesUnder(join(repoRoot, 'test', 'e2e', 'electron')),
      ...filesUnder(join(repoRoot, 'electron', 'main')),
      ...filesUnder(join(repoRoot, 'electron', 'core', 'shell')),
    ].filter((file) => file.endsWith('.ts'));
    expect(files.length).toBeGreaterThan(3);
    // Code only, comments stripped (chromium-flags.ts names it to warn against it); spelled without
    // its dashes, as main would pass it to app.commandLine.appendSwitch.
    const offenders = files.filter((file) => codeOf(readFileSync(file, 'utf8')).includes(FAKE_UI.slice(2)));
    expect(offenders.map((file) => relative(repoRoot, file))).toEqual([]);
  });
});
