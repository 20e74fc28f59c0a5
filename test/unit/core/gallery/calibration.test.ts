import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/settings';
import { FaceEmbedder } from '../../../../electron/core/face/face-embedder';
import { type LabelledFace, pairs, tally, trials } from '../../../../electron/core/gallery/calibration';
import { readFixture } from '../../../support/fixtures';

// settings.local's defaults against every face of the fixtures (scripts/calibrate-local.ts prints the
// tables, docs/local-matching.md explains the choice): a change of the defaults, the embedder or the
// decision rule that lets a wrong person in fails here.
const { maxDistance, margin } = defaultSettings().local;
let faces: LabelledFace[];

async function half(image: Uint8Array, side: 'left' | 'right'): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const w = Math.floor(width / 2);
  const left = side === 'left' ? 0 : width - w;
  return new Uint8Array(await sharp(image).extract({ left, top: 0, width: w, height }).png().toBuffer());
}

beforeAll(async () => {
  const embedder = await FaceEmbedder.load();
  const two = readFixture('two-people.jpg');
  const photos: Array<[string, string, Uint8Array]> = [
    ...(
      [
        ['obama-1.jpg', 'obama'],
        ['obama-2.jpg', 'obama'],
        ['obama-240p.jpg', 'obama'],
        ['obama-partial.jpg', 'obama'],
        ['biden-1.jpg', 'biden'],
        ['vlado-1.jpg', 'vlado'],
        ['vlado-2.jpg', 'vlado'],
        ['alex-lacamoire-1.png', 'alex'],
      ] as const
    ).map(([file, person]): [string, string, Uint8Array] => [file, person, readFixture(file)]),
    ['two-people.jpg (left)', 'obama', await half(two, 'left')],
    ['two-people.jpg (right)', 'biden', await half(two, 'right')],
  ];
  faces = [];
  for (const [label, person, image] of photos) {
    const described = await embedder.describe(image);
    if (described.kind !== 'face') throw new Error(`${label}: ${described.code}`);
    faces.push({ label, person, descriptor: described.descriptor });
  }
}, 60_000);

describe('settings.local calibrated on the fixtures', () => {
  it('lies between the genuine pairs of faces the gate passes and the closest impostor pair', () => {
    const all = pairs(faces);
    const genuine = all.filter((p) => p.same && !`${p.a} ${p.b}`.includes('obama-partial'));
    const impostor = all.filter((p) => !p.same);
    expect(genuine).toHaveLength(8);
    expect(impostor).toHaveLength(33);
    expect(Math.max(...genuine.map((p) => p.distance))).toBeLessThan(maxDistance);
    expect(Math.min(...impostor.map((p) => p.distance))).toBeGreaterThan(maxDistance);
  });

  it('lets nobody in as someone else in any 1:N trial, and grants every genuine trial without the cropped face', () => {
    const runs = trials(faces);
    expect(tally(runs, maxDistance, margin).falseAccepts).toBe(0);
    // Trials where the cropped face is on neither side: probe and every template the kiosk could take.
    const clean = trials(faces.filter((f) => f.label !== 'obama-partial.jpg'));
    const result = tally(clean, maxDistance, margin);
    expect(result).toMatchObject({ falseAccepts: 0, ambiguous: 0 });
    expect(result.genuineGranted).toBe(result.genuineTrials);
    expect(result.genuineTrials).toBeGreaterThan(50);
  });
});
