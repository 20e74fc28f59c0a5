import { pathToFileURL } from 'node:url';
import { closeHuman } from '../electron/cli/human-node';
import type { FaceObservation } from '../electron/common/vision/face-observation';
import {
  EARLY_EVIDENCE,
  LivenessAccumulator,
  type EarlyEvidence,
  type LivenessConfig,
  type LivenessVerdict,
} from '../electron/common/vision/liveness';
import { defaultSettings } from '../electron/common/settings';
import { humanFrame, humanFrames } from '../test/support/human-results';
import { fedFrames, noisyStillRecipes, swayRecipes, type FedFrame } from '../test/support/liveness-sequences';
import { face, moved } from '../test/unit/renderer/vision/observations';

// `npx tsx bench/liveness-frames.ts`: at which frame liveness decides on the fixture sequences, with
// the defaults before issue 12 (a full window of 10 frames and 1 s) and the current ones, and how
// often a still photo passes when its frames come in another order. Frame counts, not timings: the
// time is the count times the detection interval (about 65 ms on the 2-core bench machine).
// The tables are in docs/liveness.md. About 4 minutes on that machine; Human runs only for frames
// not yet in test/.cache/human. Not part of `npm run bench`: nothing here is a timing.

const NEW = defaultSettings().liveness as LivenessConfig;
/** The defaults before issue 12: no early verdicts (minLiveFrames = windowFrames) and 1 s of watching. */
const OLD: LivenessConfig = { ...NEW, minLiveFrames: NEW.windowFrames, minLiveMs: 1_000 };
/** The test file's pace: about 7 detections a second. */
const TEST_STEP_MS = 150;

/** The first verdict that is not 'collecting', as "live @4", or the last one's reason. */
function decision(
  frames: readonly FedFrame[],
  config: LivenessConfig,
  evidence: EarlyEvidence = EARLY_EVIDENCE,
): string {
  const live = new LivenessAccumulator(config, () => 0, evidence);
  let last: LivenessVerdict | undefined;
  for (const [i, f] of frames.entries()) {
    last = live.add(f.face, f.fingerprint, i * TEST_STEP_MS);
    if (last.state !== 'collecting') {
      const why = last.state === 'live' ? '' : ` (${last.measures.reason})`;
      return `${last.state} @${i + 1}${why}`;
    }
  }
  return `collecting (${last?.measures.reason ?? 'empty'})`;
}

interface Row {
  name: string;
  frames: readonly FedFrame[];
  config?: Partial<LivenessConfig>;
}

async function testSequences(): Promise<Row[]> {
  const still = (await humanFrame({ fixture: 'obama-1.jpg' })).observations[0]!;
  const swaying = fedFrames(await humanFrames(swayRecipes('obama-1.jpg')));
  const withFace = (change: (f: FaceObservation, i: number) => FaceObservation) =>
    swaying.map((f, i) => ({ ...f, face: change(f.face!, i) }));
  const start = face(200, 100, 240, 240);
  const handSway = (n: number, step = 1.5, more: (i: number) => Partial<FaceObservation> = () => ({})) =>
    Array.from({ length: n }, (_, i) => ({ face: moved(start, (i % 2) * step, 0, more(i)), fingerprint: i }));
  return [
    { name: 'obama-1 swaying', frames: swaying },
    {
      name: 'obama-1 swaying, one frame scored 0',
      frames: withFace((f, i) => (i === 4 ? { ...f, antispoof: 0, liveness: 0 } : f)),
    },
    { name: 'obama-1 swaying, minAntispoof 0.7 (real 0.66)', frames: swaying, config: { minAntispoof: 0.7 } },
    { name: 'obama-1 swaying, liveness 0.3', frames: withFace((f) => ({ ...f, liveness: 0.3 })) },
    { name: 'obama-1 swaying, models off', frames: withFace((f) => ({ ...f, antispoof: null, liveness: null })) },
    {
      name: 'obama-1 one observation repeated (12)',
      frames: Array.from({ length: 12 }, (_, i) => ({ face: still, fingerprint: i })),
    },
    {
      name: 'frozen camera, identical frames (12)',
      frames: Array.from({ length: 12 }, () => ({ face: still, fingerprint: 42 })),
    },
    { name: 'obama-1 still, noise 2', frames: fedFrames(await humanFrames(noisyStillRecipes('obama-1.jpg', 2, 10))) },
    {
      name: 'alex still, noise 4',
      frames: fedFrames(await humanFrames(noisyStillRecipes('alex-lacamoire-1.png', 4, 10))),
    },
    { name: 'hand-made sway 1.5 px (12)', frames: handSway(12) },
    { name: 'hand-made walking in, 40 px (12)', frames: handSway(12, 40) },
    {
      name: "hand-made 'turn', yaw +2 a frame (12)",
      frames: handSway(12, 1.5, (i) => ({ yaw: i * 2 })),
      config: { challenge: 'turn' },
    },
    {
      name: "hand-made 'blink' at frame 10 (12)",
      frames: handSway(12, 1.5, (i) => ({ eyeOpenness: i === 9 ? 0.08 : 0.3 })),
      config: { challenge: 'blink' },
    },
  ];
}

const STILLS = [
  ['obama-1.jpg', 'obama-1'],
  ['biden-1.jpg', 'biden-1'],
  ['alex-lacamoire-1.png', 'alex'],
] as const;
const SIGMAS = [2, 4, 8] as const;
const STILL_FRAMES = 30;

async function moreSequences(): Promise<Row[]> {
  const rows: Row[] = [
    { name: 'biden-1 swaying', frames: fedFrames(await humanFrames(swayRecipes('biden-1.jpg'))) },
    {
      name: 'obama-1 swaying, dim (brightness 0.4)',
      frames: fedFrames(await humanFrames(swayRecipes('obama-1.jpg', 0.4))),
    },
  ];
  for (const [fixture, label] of STILLS) {
    for (const sigma of SIGMAS) {
      const frames = fedFrames(await humanFrames(noisyStillRecipes(fixture, sigma, STILL_FRAMES)));
      rows.push({ name: `${label} still, noise ${sigma} (${STILL_FRAMES})`, frames });
    }
  }
  return rows;
}

/** Mulberry32, so every run draws the same orderings. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` of `frames` in a random order, without repeats (a repeat would be a frozen frame). */
function draw(frames: readonly FedFrame[], count: number, next: () => number): FedFrame[] {
  const pool = [...frames];
  for (let i = 0; i < count; i++) {
    const j = i + Math.floor(next() * (pool.length - i));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  return pool.slice(0, count);
}

const DRAWS = 20_000;
type Candidate = readonly [string, LivenessConfig, EarlyEvidence];

/**
 * The frames of a still photo are independent draws of sensor noise, and the frames of a sway are
 * shifts of up to 3 px in any order, so any order of them is a sequence the camera could have
 * produced: DRAWS orderings of 10 of a row's frames, the same for every candidate rule.
 */
function orderings(row: Row): FedFrame[][] {
  const next = random(12);
  return Array.from({ length: DRAWS }, () => draw(row.frames, 10, next).map((f, i) => ({ ...f, fingerprint: i })));
}

/** A single odd frame (one of the sway's, the photo jolted) put at every place of every 10 frames of a still. */
function jolts(sway: readonly FedFrame[]) {
  return (row: Row): FedFrame[][] => {
    const out: FedFrame[][] = [];
    for (let start = 0; start + 10 <= row.frames.length; start++) {
      for (let at = 0; at < 10; at++) {
        for (const odd of sway.slice(1)) {
          const frames = row.frames.slice(start, start + 10);
          frames.splice(at, 0, { ...odd, fingerprint: 'odd' });
          out.push(frames);
        }
      }
    }
    return out;
  };
}

/** One table row per sequence row: `cell` sums up at which frame (1-11, or 0 for never) each became live. */
function compare(
  title: string,
  rows: readonly Row[],
  sequences: (row: Row) => FedFrame[][],
  candidates: readonly Candidate[],
  cell: (liveAt: readonly number[]) => string,
): string[] {
  const lines = [`| ${title} | ${candidates.map(([n]) => n).join(' | ')} |`];
  lines.push(`| --- | ${candidates.map(() => '---').join(' | ')} |`);
  for (const row of rows) {
    const runs = sequences(row);
    const liveAt = candidates.map(([, config, evidence]) =>
      runs.map((frames) => {
        const verdict = decision(frames, config, evidence);
        return verdict.startsWith('live') ? Number(verdict.slice('live @'.length)) : 0;
      }),
    );
    lines.push(`| ${row.name} | ${liveAt.map(cell).join(' | ')} |`);
  }
  return lines;
}

const percent = (liveAt: readonly number[], when: (frame: number) => boolean, digits = 1) =>
  `${((100 * liveAt.filter(when).length) / liveAt.length).toFixed(digits)}%`;
/** Share live, and live before the 10th frame of the photo. */
const passed = (liveAt: readonly number[]) =>
  `${percent(liveAt, (f) => f > 0, 2)} (${percent(liveAt, (f) => f > 0 && f < 10, 2)} early)`;
const medianFrame = (liveAt: readonly number[]) => {
  const sorted = liveAt.map((f) => f || Infinity).sort((a, b) => a - b);
  return `${sorted[sorted.length >> 1]}; ${percent(liveAt, (f) => f > 0 && f <= 5)} by 5`;
};

/** Markdown tables: decisions on each sequence, then still-photo pass rates under candidate rules. */
export async function benchLivenessFrames(): Promise<string> {
  const table = (rows: readonly Row[]) => [
    '| sequence | old: window 10 + 1 000 ms (150 ms/frame) | new: minLiveFrames 4, minLiveMs 0 |',
    '| --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${decision(r.frames, { ...OLD, ...r.config })} | ${decision(r.frames, { ...NEW, ...r.config })} |`,
    ),
  ];
  const more = await moreSequences();
  const stills = more.filter((r) => r.name.includes('still'));
  const sways = more.filter((r) => r.name.includes('swaying'));
  sways.unshift({ name: 'obama-1 swaying', frames: fedFrames(await humanFrames(swayRecipes('obama-1.jpg'))) });
  const rule = (frames: number, factor: number): Candidate => [
    `${frames} frames, x${factor}`,
    { ...NEW, minLiveFrames: frames },
    { ...EARLY_EVIDENCE, motionFactor: factor },
  ];
  const candidates: Candidate[] = [
    ['old', OLD, EARLY_EVIDENCE],
    rule(3, 1.5),
    rule(4, 1.25),
    ['**4 frames, x1.5 (new)**', NEW, EARLY_EVIDENCE],
    rule(5, 1.5),
    rule(4, 2),
  ];
  const swaying = sways[0]!.frames;
  return [
    ...table(await testSequences()),
    '',
    ...table(more),
    '',
    ...compare(`still photo: live (${DRAWS} orderings of 10 of its frames)`, stills, orderings, candidates, passed),
    '',
    ...compare(
      `swaying face: median frame live; live by frame 5 (${DRAWS} orderings)`,
      sways,
      orderings,
      candidates,
      medianFrame,
    ),
    '',
    ...compare(
      'still photo + one odd frame: live (every 10 frames, every place, 9 odd frames)',
      stills.filter((r) => !r.name.includes('noise 8')),
      jolts(swaying),
      candidates,
      passed,
    ),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  console.log(await benchLivenessFrames());
  closeHuman();
}
