import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnalyzeEntry } from '../../../electron/cli/commands/analyze';
import { closeHuman } from '../../../electron/cli/human-node';
import { MAX_IMAGE_PIXELS } from '../../../electron/core/verifier/image-check';
import { startFakeFaceki } from '../../fakes/faceki-server';
import { fixturePath } from '../../support/fixtures';
import { cli, jsonOf, makeDataDir, removeDataDir, serviceArgs, writeSettings } from './cli-harness';

// `facegate analyze` in-process: Human under Node (loaded once for this file), the gate with the
// settings of a temporary data folder, fixtures made into 640x480 camera frames with --frame.

let dataDir: string;
beforeAll(() => {
  dataDir = makeDataDir();
});
afterAll(async () => {
  removeDataDir(dataDir);
  await closeHuman();
});

const analyze = (files: string[], ...flags: string[]) =>
  cli(['analyze', ...files, '--frame', '640x480', '--data-dir', dataDir, ...flags]);
const results = (run: Awaited<ReturnType<typeof cli>>) => jsonOf<{ results: AnalyzeEntry[] }>(run).results;

describe('facegate analyze', () => {
  it('gives each photo its code and the measures behind it; exit 1 when some are refused', async () => {
    const names = ['obama-1.jpg', 'obama-240p.jpg', 'obama-partial.jpg', 'two-people.jpg', 'no-face.jpg'];
    const run = await analyze(names.map(fixturePath), '--json');
    expect(run.code).toBe(1);
    const byName: Record<string, AnalyzeEntry> = Object.fromEntries(
      results(run).map((r) => [r.file.split('/').pop(), r]),
    );
    expect(Object.fromEntries(Object.entries(byName).map(([n, r]) => [n, r.code]))).toEqual({
      'obama-1.jpg': 'OK',
      'obama-240p.jpg': 'FACE_TOO_SMALL',
      'obama-partial.jpg': 'FACE_CROPPED',
      'two-people.jpg': 'TOO_MANY_FACES',
      'no-face.jpg': 'FACE_NOT_FOUND',
    });
    const obama = byName['obama-1.jpg']!;
    expect(obama).toMatchObject({ pass: true, frame: { width: 640, height: 480 }, measures: { faces: 1 } });
    const m = obama.measures!;
    expect(m.widthRatio).toBeGreaterThan(0.45);
    expect(m.eyeDistancePx).toBeGreaterThan(70);
    expect(Math.abs(m.yaw!)).toBeLessThan(5);
    expect(m.detectorScore).toBeGreaterThan(0.8);
    expect(m.meanLuma).toBeGreaterThan(100);
    expect(m.sharpness).toBeGreaterThan(300);
    expect(m.antispoof).toBeGreaterThan(0.5);
    expect(m.liveness).toBeGreaterThan(0.5);
    expect(byName['obama-240p.jpg']!.measures!.widthRatio).toBeLessThan(0.3);
    expect(byName['two-people.jpg']!.measures!.faces).toBe(2);
  });

  it('exits 0 when every image passes, and prints one line of measures per file without --json', async () => {
    const run = await analyze([fixturePath('obama-1.jpg'), fixturePath('alex-lacamoire-1.png')]);
    expect(run.code).toBe(0);
    expect(run.lines).toHaveLength(2);
    expect(run.lines[0]).toMatch(/^obama-1\.jpg: OK {2}faces 1 {2}box \d+,\d+ \d+x\d+ \(0\.\d\d of width/);
    expect(run.lines[1]).toMatch(/^alex-lacamoire-1\.png: OK .*eyes \d+ px .*yaw -?\d+\.\d .*real \d\.\d\d live/);
  });

  it('reports a file it cannot decode as FAILED_TO_READ_IMAGE and goes on; exit 2', async () => {
    const text = join(dataDir, 'notes.txt');
    writeFileSync(text, 'not an image\n');
    const run = await analyze([text, join(dataDir, 'missing.jpg'), fixturePath('obama-1.jpg')], '--json');
    expect(run.code).toBe(2);
    expect(results(run).map((r) => r.code)).toEqual(['FAILED_TO_READ_IMAGE', 'FAILED_TO_READ_IMAGE', 'OK']);
    expect(results(run)[0]!.error).toMatch(/unsupported image format/);
  });

  it('judges with the gate settings of the data folder', async () => {
    writeFileSync(join(dataDir, 'settings.json'), JSON.stringify({ gate: { pickLargestFace: true } }));
    try {
      const [entry] = results(await analyze([fixturePath('two-people.jpg')], '--json'));
      // The larger of the two faces is judged: 0.22 of the frame, too far away.
      expect(entry).toMatchObject({ code: 'FACE_TOO_SMALL', measures: { faces: 2 } });
    } finally {
      writeFileSync(join(dataDir, 'settings.json'), '{}');
    }
  });

  it('takes an image as it is without --frame', async () => {
    const run = await cli(['analyze', fixturePath('obama-1.jpg'), '--data-dir', dataDir, '--json']);
    expect(results(run)[0]).toMatchObject({ code: 'OK', frame: { width: 910, height: 1137 } });
  });

  it('refuses a call without images or with a malformed --frame', async () => {
    await expect(cli(['analyze', '--json'])).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    await expect(cli(['analyze', fixturePath('obama-1.jpg'), '--frame', 'big'])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
    });
  });
});

describe('one image-size policy for analyze and verify', () => {
  it('refuses a 10000x10000 JPEG with the same code and words in both, before decoding it', async () => {
    const huge = join(dataDir, 'huge.jpg');
    const grey = { width: 10_000, height: 10_000, channels: 3 as const, background: { r: 90, g: 90, b: 90 } };
    await sharp({ create: grey }).toColourspace('b-w').jpeg({ quality: 50 }).toFile(huge);
    const words = `10000x10000 image has 100 megapixels, over the ${MAX_IMAGE_PIXELS / 1e6}-megapixel limit`;

    const analyzed = await analyze([huge], '--json');
    expect(analyzed.code).toBe(2);
    expect(results(analyzed)).toEqual([{ file: huge, code: 'FAILED_TO_READ_IMAGE', pass: false, error: words }]);

    const faceki = await startFakeFaceki();
    const verifyDir = makeDataDir();
    try {
      writeSettings(verifyDir);
      const verified = jsonOf<{ decision: string; code: string }>(
        await cli(['verify', huge, '--json', ...serviceArgs(verifyDir, faceki)]),
      );
      expect(verified).toMatchObject({ decision: 'denied', code: 'FAILED_TO_READ_IMAGE' });
      expect(faceki.requestCount).toBe(0);
    } finally {
      await faceki.close();
      removeDataDir(verifyDir);
    }
  });
});
