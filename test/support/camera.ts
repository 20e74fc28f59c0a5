import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, repoRoot } from './fixtures';

const run = promisify(execFile);

/** Where generated camera videos go: git-ignored, reused across runs (they are pure functions of the fixture). */
export const cameraCacheDir = (): string => join(repoRoot, 'test', '.cache', 'camera');

export interface CameraOptions {
  /** Seconds of video; Chromium loops the file, so one second of a still is enough. */
  seconds?: number;
  /** ffmpeg -vf chain producing 640x480; the default crops a 4:3 window from the top of a portrait. */
  filter?: string;
  /** Name of the output, for fixtures that need several variants. */
  variant?: string;
}

/** Top 4:3 window of the photo (where a portrait's face is), scaled to the kiosk camera's 640x480. */
export const PORTRAIT_TOP = 'crop=iw:iw*3/4:0:0,scale=640:480,setsar=1';
/** The whole photo letterboxed into 640x480, for landscape scenes. */
export const LETTERBOX = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1';

/**
 * Makes a Y4M that Chromium can play as its camera (--use-file-for-fake-video-capture) from a face
 * fixture, with ffmpeg. Made in the test run and cached under test/.cache; never committed.
 */
export async function makeCameraY4m(fixtureName: string, options: CameraOptions = {}): Promise<string> {
  const dir = cameraCacheDir();
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${fixtureName.replace(/\.\w+$/, '')}${options.variant ? `-${options.variant}` : ''}.y4m`);
  if (existsSync(out) && statSync(out).size > 0) return out;
  const seconds = String(options.seconds ?? 1);
  const input = fixturePath(fixtureName);
  const args = fixtureName.endsWith('.mp4')
    ? ['-i', input, '-t', seconds]
    : ['-loop', '1', '-framerate', '30', '-i', input, '-t', seconds];
  await run('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    ...args,
    '-vf',
    options.filter ?? PORTRAIT_TOP,
    '-r',
    '30',
    '-pix_fmt',
    'yuv420p',
    out,
  ]);
  return out;
}
