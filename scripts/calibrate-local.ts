// `npx tsx scripts/calibrate-local.ts` calibrates the local verifier (settings.local) on every face of
// the shared fixtures: the genuine and impostor distance distributions, a sweep of maxDistance, the
// 1:N trials' gaps to the second-best person, and the tallies of the chosen values, as markdown
// (docs/local-matching.md records a run).
import sharp from 'sharp';
import { defaultSettings } from '../electron/common/settings';
import { FaceEmbedder } from '../electron/core/face/face-embedder';
import { type LabelledFace, pairs, tally, trials } from '../electron/core/gallery/calibration';
import { readFixture } from '../test/support/fixtures';

/**
 * Every face the fixtures describe, with whose it is (fixtures README, and two-people.jpg's halves).
 * `gate`: the kiosk's quality gate refuses this face before any verifier sees it, so as a probe it
 * cannot be granted or refused by matching; as a template (an enrolment from a file) it still can be.
 */
const PHOTOS: Array<{ file: string; person: string; half?: 'left' | 'right'; gate?: string }> = [
  { file: 'obama-1.jpg', person: 'obama' },
  { file: 'obama-2.jpg', person: 'obama' },
  { file: 'obama-240p.jpg', person: 'obama' },
  { file: 'obama-partial.jpg', person: 'obama', gate: 'FACE_CROPPED' },
  { file: 'two-people.jpg', person: 'obama', half: 'left' },
  { file: 'biden-1.jpg', person: 'biden' },
  { file: 'two-people.jpg', person: 'biden', half: 'right' },
  { file: 'vlado-1.jpg', person: 'vlado' },
  { file: 'vlado-2.jpg', person: 'vlado' },
  { file: 'alex-lacamoire-1.png', person: 'alex' },
];

/** two-people.jpg holds two faces side by side: each half is a photo of one person. */
async function half(image: Uint8Array, side: 'left' | 'right'): Promise<Uint8Array> {
  const { width = 0, height = 0 } = await sharp(image).metadata();
  const w = Math.floor(width / 2);
  return new Uint8Array(
    await sharp(image)
      .extract({ left: side === 'left' ? 0 : width - w, top: 0, width: w, height })
      .png()
      .toBuffer(),
  );
}

const embedder = await FaceEmbedder.load();
const faces: LabelledFace[] = [];
for (const photo of PHOTOS) {
  const bytes = readFixture(photo.file);
  const image = photo.half ? await half(bytes, photo.half) : bytes;
  const label = photo.half ? `${photo.file} (${photo.half})` : photo.file;
  const described = await embedder.describe(image);
  if (described.kind !== 'face') throw new Error(`${label}: ${described.code}`);
  faces.push({ label, person: photo.person, descriptor: described.descriptor });
}
const gated = new Set(PHOTOS.filter((p) => p.gate).map((p) => (p.half ? `${p.file} (${p.half})` : p.file)));

const all = pairs(faces);
const genuine = all.filter((p) => p.same).sort((a, b) => a.distance - b.distance);
const impostor = all.filter((p) => !p.same).sort((a, b) => a.distance - b.distance);
const f = (n: number) => n.toFixed(3);

console.log(`## Faces: ${faces.length} (${new Set(faces.map((x) => x.person)).size} people)\n`);
console.log(`## Genuine pairs (same person): ${genuine.length}\n\n| pair | distance |\n| --- | --- |`);
for (const p of genuine) console.log(`| ${p.a} / ${p.b} | ${f(p.distance)} |`);
console.log(`\n## Impostor pairs (different people): ${impostor.length}, closest 10\n`);
console.log('| pair | distance |\n| --- | --- |');
for (const p of impostor.slice(0, 10)) console.log(`| ${p.a} / ${p.b} | ${f(p.distance)} |`);

console.log('\n## Distributions (pairs per bin of 0.05)\n\n| distance | genuine | impostor |\n| --- | --- | --- |');
for (let lo = 0; lo < 1.2; lo += 0.05) {
  const inBin = (p: { distance: number }) => p.distance >= lo && p.distance < lo + 0.05;
  const g = genuine.filter(inBin).length;
  const i = impostor.filter(inBin).length;
  if (g || i)
    console.log(`| ${lo.toFixed(2)}-${(lo + 0.05).toFixed(2)} | ${'#'.repeat(g)} ${g} | ${'#'.repeat(i)} ${i} |`);
}

const runs = trials(faces);
const genuineTrials = runs.filter((t) => t.enrolled);
/** Trials whose probe the kiosk would submit (its gate passes it). */
const submittable = runs.filter((t) => !gated.has(t.probe));
/** Trials with no gated face on either side: a kiosk whose people were all enrolled through its gate. */
const clean = trials(faces.filter((x) => !gated.has(x.label)));
console.log(
  `\n## 1:N trials: ${runs.length} (${genuineTrials.length} genuine, ${runs.length - genuineTrials.length} impostor); ` +
    `probes the gate refuses: ${[...gated].join(', ')}`,
);
console.log(
  '\n### maxDistance sweep (margin 0)\n\n| maxDistance | genuine granted: all trials | probes the gate passes | no gated face on either side | false accepts |\n| --- | --- | --- | --- | --- |',
);
for (let t = 0.4; t <= 0.8001; t += 0.02) {
  const r = tally(runs, t, 0);
  const k = tally(submittable, t, 0);
  const c = tally(clean, t, 0);
  console.log(
    `| ${t.toFixed(2)} | ${r.genuineGranted} / ${r.genuineTrials} | ${k.genuineGranted} / ${k.genuineTrials} | ` +
      `${c.genuineGranted} / ${c.genuineTrials} | ${r.falseAccepts} |`,
  );
}

const { maxDistance, margin } = defaultSettings().local;
// The gap a genuine grant has to its runner-up: the margin must stay below the smallest of them.
const gaps = genuineTrials
  .filter((t) => t.best && t.best.personId === t.person && t.best.distance <= maxDistance)
  .map((t) => ({ probe: t.probe, gap: (t.secondPerson?.distance ?? Infinity) - (t.best?.distance ?? 0) }))
  .sort((a, b) => a.gap - b.gap);
console.log(`\n### Gap to the second-best person, genuine trials granted at maxDistance ${maxDistance}\n`);
const smallestPerProbe = new Map<string, number>();
for (const g of gaps) if (!smallestPerProbe.has(g.probe)) smallestPerProbe.set(g.probe, g.gap);
console.log(`smallest per probe: ${[...smallestPerProbe].map(([probe, gap]) => `${probe} ${f(gap)}`).join(', ')}\n`);
console.log('| margin | genuine granted | ambiguous | false accepts |\n| --- | --- | --- | --- |');
for (let m = 0; m <= 0.4001; m += 0.05) {
  const r = tally(runs, maxDistance, m);
  console.log(`| ${m.toFixed(2)} | ${r.genuineGranted} / ${r.genuineTrials} | ${r.ambiguous} | ${r.falseAccepts} |`);
}
const chosen = tally(runs, maxDistance, margin);
const chosenKiosk = tally(submittable, maxDistance, margin);
const chosenClean = tally(clean, maxDistance, margin);
console.log(
  `\nsettings.local: maxDistance ${maxDistance}, margin ${margin}: ${chosen.genuineGranted} / ${chosen.genuineTrials} ` +
    `genuine trials granted (${chosenKiosk.genuineGranted} / ${chosenKiosk.genuineTrials} of the probes the gate passes, ` +
    `${chosenClean.genuineGranted} / ${chosenClean.genuineTrials} with no gated face on either side), ` +
    `${chosen.ambiguous} ambiguous, ${chosen.falseAccepts} false accepts`,
);
