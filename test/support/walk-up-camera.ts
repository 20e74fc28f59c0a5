import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { LETTERBOX, SWAY, TOP_4_3, cameraCacheDir } from './camera';
import { fixturePath } from './fixtures';

const run = promisify(execFile);

export interface WalkUpCamera {
  file: string;
  /** One empty lobby then one person, in seconds: Chromium loops the file, so a visitor every period. */
  periodSeconds: number;
}

/**
 * A camera video of people walking up one at a time: `emptySeconds` of the empty scene (no-face.jpg),
 * then `faceSeconds` of obama-1 swaying as liveCamera() frames it. Chromium loops the file, so the
 * kiosk sees the lobby empty (it drops to its idle pace), then a person appears, again and again:
 * the door's steady state, with models warm, rather than a browser's first frame.
 * Made with ffmpeg and cached beside the test cameras (never committed).
 */
export async function walkUpCamera(emptySeconds = 4, faceSeconds = 4): Promise<WalkUpCamera> {
  const graph =
    `[0:v]${LETTERBOX}[empty];[1:v]${TOP_4_3}${SWAY}[face];` + '[empty][face]concat=n=2:v=1:a=0,format=yuv420p[out]';
  const key = createHash('sha256').update(`${graph}|${emptySeconds}|${faceSeconds}`).digest('hex').slice(0, 10);
  const dir = cameraCacheDir();
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `walk-up-${key}.y4m`);
  const periodSeconds = emptySeconds + faceSeconds;
  if (existsSync(file) && statSync(file).size > 0) return { file, periodSeconds };
  // Written under another name and renamed, so an interrupted run never leaves a truncated video.
  const partial = `${file}.${process.pid}.partial`;
  const still = (seconds: number, name: string) => [
    '-loop',
    '1',
    '-framerate',
    '30',
    '-t',
    String(seconds),
    '-i',
    fixturePath(name),
  ];
  await run('ffmpeg', [
    '-y',
    '-loglevel',
    'error',
    ...still(emptySeconds, 'no-face.jpg'),
    ...still(faceSeconds, 'obama-1.jpg'),
    '-filter_complex',
    graph,
    '-map',
    '[out]',
    '-r',
    '30',
    '-f',
    'yuv4mpegpipe',
    partial,
  ]);
  renameSync(partial, file);
  return { file, periodSeconds };
}
