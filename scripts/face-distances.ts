// `npx tsx scripts/face-distances.ts` prints, for the shared face fixtures, what FaceEmbedder makes of
// each photo (with the time it took) and the Euclidean distance of every pair of described faces, as
// markdown tables: the measurements behind SAME_PERSON_MAX_DISTANCE (see docs/face-matching.md).
import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import { FaceEmbedder, SAME_PERSON_MAX_DISTANCE, faceDistance } from '../electron/core/face/face-embedder';
import { facesDir, readFixture } from '../test/support/fixtures';

/** The person in a fixture, by its name: "obama-240p.jpg" is obama. */
const person = (file: string): string => file.replace(/(-\d+)?(-[a-z0-9]+)?\.(jpg|png)$/, '').replace(/-\d+$/, '');

const files = readdirSync(facesDir)
  .filter((f) => /\.(jpg|png)$/.test(f))
  .sort();
const started = performance.now();
const embedder = await FaceEmbedder.load();
console.log(`loaded in ${Math.round(performance.now() - started)} ms (wasm, three models, warm-up)\n`);

const descriptors = new Map<string, Float32Array>();
/** Median milliseconds of five runs, after one that is not counted. */
async function median(run: () => Promise<unknown>): Promise<number> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < 5; i++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return Math.round(times.sort((a, b) => a - b)[2] ?? 0);
}

console.log('| photo | pixels | result | box (x, y, w, h) | score | ms decode | ms in all |');
console.log('| --- | --- | --- | --- | --- | --- | --- |');
for (const file of files) {
  const bytes = readFixture(file);
  const result = await embedder.describe(bytes);
  const decodeMs = await median(() => sharp(bytes).rotate().removeAlpha().toColourspace('srgb').raw().toBuffer());
  const allMs = await median(() => embedder.describe(bytes));
  const { width, height } = await sharp(bytes).rotate().metadata();
  const size = `${width} x ${height}`;
  if (result.kind === 'face') {
    descriptors.set(file, result.descriptor);
    const box = result.box.map(Math.round).join(', ');
    console.log(`| ${file} | ${size} | face | ${box} | ${result.score.toFixed(2)} | ${decodeMs} | ${allMs} |`);
  } else {
    console.log(`| ${file} | ${size} | ${result.code} | | | ${decodeMs} | ${allMs} |`);
  }
}

const names = [...descriptors.keys()];
const same: number[] = [];
const different: number[] = [];
console.log('\n| pair | same person | distance |\n| --- | --- | --- |');
for (let i = 0; i < names.length; i++) {
  for (let j = i + 1; j < names.length; j++) {
    const [a, b] = [names[i] as string, names[j] as string];
    const distance = faceDistance(descriptors.get(a) as Float32Array, descriptors.get(b) as Float32Array);
    const isSame = person(a) === person(b);
    (isSame ? same : different).push(distance);
    console.log(`| ${a} / ${b} | ${isSame ? 'yes' : 'no'} | ${distance.toFixed(3)} |`);
  }
}
const fmt = (values: number[], pick: (...v: number[]) => number) => (values.length ? pick(...values).toFixed(3) : '-');
console.log(
  `\nsame person: ${same.length} pairs, largest ${fmt(same, Math.max)}; different: ${different.length} pairs, ` +
    `smallest ${fmt(different, Math.min)}; SAME_PERSON_MAX_DISTANCE = ${SAME_PERSON_MAX_DISTANCE}`,
);
