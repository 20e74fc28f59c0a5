import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { fixturePath, repoRoot } from './fixtures';

const run = promisify(execFile);

/** Where generated camera videos go: git-ignored, reused across runs (they are pure functions of the fixture). */
export const cameraCacheDir = (): string => join(repoRoot, 'test', '.cache', 'camera');

export interface CameraOptions {
  /** Seconds of video; Chromium loops the file, so one second of a still is enough. */
  seconds?: number;
  /** ffmpeg -vf chain producing 640x480; the default is TOP_4_3. */
  filter?: string;
}

/**
 * The largest 4:3 window at the top of the photo, centred across (for a portrait: the full width
 * where the face is; for a landscape: the full height), scaled to the kiosk camera's 640x480.
 */
export const TOP_4_3 = "crop='min(iw,ih*4/3)':'min(iw,ih*4/3)*3/4':'(iw-ow)/2':0,scale=640:480,setsar=1";
/**
 * Appended to a 640x480 filter: the picture sways by a few pixels, frame to frame, as a live person
 * in front of a camera does (a still photo looped is what the liveness check must refuse). Use with
 * seconds >= 2 so the loop has many distinct frames.
 */
export const SWAY = ',scale=672:504,crop=640:480:16+12*sin(n/3):12+9*cos(n/4),setsar=1';

/** The whole photo letterboxed into 640x480, for landscape scenes. */
export const LETTERBOX = 'scale=640:480:force_original_aspect_ratio=decrease,pad=640:480:(ow-iw)/2:(oh-ih)/2,setsar=1';

/**
 * Makes a Y4M that Chromium can play as its camera (--use-file-for-fake-video-capture) from a face
 * fixture, with ffmpeg. Made in the test run and cached under test/.cache; never committed.
 */
export async function makeCameraY4m(fixtureName: string, options: CameraOptions = {}): Promise<string> {
  const dir = cameraCacheDir();
  mkdirSync(dir, { recursive: true });
  const filter = options.filter ?? TOP_4_3;
  const seconds = String(options.seconds ?? 1);
  // The cache key covers everything that shapes the video, so two tests never share a stale file.
  const key = createHash('sha256').update(`${filter}|${seconds}`).digest('hex').slice(0, 10);
  const out = join(dir, `${fixtureName.replace(/\.\w+$/, '')}-${key}.y4m`);
  if (existsSync(out) && statSync(out).size > 0) return out;
  // Written under another name and renamed, so an interrupted run never leaves a truncated video.
  const partial = `${out}.${process.pid}.partial`;
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
    filter,
    '-r',
    '30',
    '-pix_fmt',
    'yuv420p',
    '-f',
    'yuv4mpegpipe',
    partial,
  ]);
  renameSync(partial, out);
  return out;
}

/** A camera video of a live-looking person: the fixture framed by filter, swaying (see SWAY), 2 s. */
export function liveCamera(fixtureName: string, filter: string = TOP_4_3): Promise<string> {
  return makeCameraY4m(fixtureName, { filter: filter + SWAY, seconds: 2 });
}
