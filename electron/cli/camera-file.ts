import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import { CodedError } from '../core/ipc/dispatcher';

// What Chromium's fake camera (--use-file-for-fake-video-capture) can play, checked before it is
// started: given a file it cannot play, Chromium reports a camera failure a second later, which
// says nothing about the file. Chromium takes a .mjpeg file as Motion JPEG and anything else as Y4M.

/** Chromium reads at most this much of a Y4M header line. */
const Y4M_HEADER_MAX = 200;

function readHead(path: string, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const head = Buffer.alloc(length);
    return head.subarray(0, readSync(fd, head, 0, length, 0));
  } finally {
    closeSync(fd);
  }
}

const refuse = (path: string, why: string) => new CodedError('INVALID_REQUEST', `camera file ${path}: ${why}`);

/** Bytes per frame of a Y4M colour space, per pixel: Chromium plays 4:2:0 only. */
function bytesPerFrame(colour: string | undefined, width: number, height: number): number | null {
  if (colour !== undefined && !colour.startsWith('420')) return null;
  return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
}

function checkY4m(path: string, size: number): void {
  const headerBytes = readHead(path, Y4M_HEADER_MAX + 1);
  const end = headerBytes.indexOf(0x0a);
  const header = headerBytes.subarray(0, end < 0 ? headerBytes.length : end).toString('latin1');
  if (!header.startsWith('YUV4MPEG2 ') || end < 0) {
    throw refuse(
      path,
      'not a Y4M video (it must start with a "YUV4MPEG2 W... H..." line; ffmpeg -pix_fmt yuv420p out.y4m)',
    );
  }
  const tags = new Map(
    header
      .split(' ')
      .slice(1)
      .map((tag) => [tag[0], tag.slice(1)]),
  );
  const width = Number(tags.get('W'));
  const height = Number(tags.get('H'));
  if (!(Number.isInteger(width) && width > 0 && Number.isInteger(height) && height > 0)) {
    throw refuse(path, 'its Y4M header has no width and height (W and H)');
  }
  const frameBytes = bytesPerFrame(tags.get('C'), width, height);
  if (frameBytes === null)
    throw refuse(path, `Chromium plays 4:2:0 Y4M only, not C${tags.get('C')} (ffmpeg -pix_fmt yuv420p)`);
  // The first frame: "FRAME", optional parameters, a newline, then the picture (counted, not read).
  const frame = readHead(path, end + 1 + Y4M_HEADER_MAX).subarray(end + 1);
  const frameLine = frame.indexOf(0x0a);
  const pictureBytes = size - (end + 1) - (frameLine + 1);
  if (!frame.subarray(0, 5).equals(Buffer.from('FRAME')) || frameLine < 0 || pictureBytes < frameBytes) {
    throw refuse(path, `no whole frame of ${width}x${height} after its Y4M header (a cut or empty video)`);
  }
}

/** The camera file simulate plays: there, not empty, and a video Chromium can play. INVALID_REQUEST otherwise. */
export function checkCameraFile(path: string): void {
  let size: number;
  try {
    const stats = statSync(path);
    if (!stats.isFile()) throw refuse(path, 'not a file');
    size = stats.size;
  } catch (error) {
    if (error instanceof CodedError) throw error;
    throw new CodedError('INVALID_REQUEST', `camera file not found: ${path} (${(error as Error).message})`);
  }
  if (size === 0) throw refuse(path, 'empty (0 bytes)');
  if (extname(path).toLowerCase() === '.mjpeg') {
    const soi = readHead(path, 3);
    if (!soi.equals(Buffer.from([0xff, 0xd8, 0xff])))
      throw refuse(path, 'not a JPEG stream (a .mjpeg must start with a JPEG)');
    return;
  }
  checkY4m(path, size);
}
