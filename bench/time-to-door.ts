import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import type { RelayPty } from '../test/fakes/relay-pty';
import { enrolledDataDir, openDoorRig, type BenchVerifier, type DoorRig } from './door-rig';
import { stats, type Stats } from './machine';
import { walkUpCamera, type WalkUpCamera } from '../test/support/walk-up-camera';
import { arrivalsOf, visitsOf, type DetectFrame, type RawReport, type Visit } from './walk-up-timeline';

/** The LCUS board's "channel 1 on" frame: the door opening, as the kiosk's relay writes it. */
const LCUS_ON = 'a00101a2';
const LCUS_FRAME_BYTES = 4;

export interface TimeToDoorOptions {
  verifier?: BenchVerifier;
  /** Kiosks started afresh (a new Chromium, new services, a new PTY each). */
  runs?: number;
  /** Visitors watched in each run; the first of a run is its cold start and is kept apart. */
  visitsPerRun?: number;
  /** Another build of the renderer (a bench of a change before it is built into out/). */
  rendererDir?: string;
}

export interface TimeToDoor {
  verifier: BenchVerifier;
  /** First camera frame with a face to the first relay byte, over the warm visitors let in. */
  ms: Stats;
  /** The same span for the first visitor of each run (models and wasm kernels cold), when let in. */
  coldMs: number[];
  /** People who walked up, and how many of them the door opened for. */
  walkUps: number;
  doors: number;
  /** Largest disagreement of the two clocks seen (page vs Node through performance.timeOrigin), in ms. */
  clockSkewMs: number;
}

/** Each 4-byte LCUS frame that reached the reader, stamped (Node clock) with the arrival of its first byte. */
function framesByFirstByte(relay: RelayPty): Array<{ at: number; hex: string }> {
  const frames: Array<{ at: number; hex: string }> = [];
  let offset = 0;
  let start = 0;
  let bytes: number[] = [];
  for (const arrival of relay.arrivals()) {
    for (const byte of arrival.bytes) {
      if (offset % LCUS_FRAME_BYTES === 0) [start, bytes] = [arrival.at, []];
      bytes.push(byte);
      offset += 1;
      if (offset % LCUS_FRAME_BYTES === 0) frames.push({ at: start, hex: Buffer.from(bytes).toString('hex') });
    }
  }
  return frames;
}

const toEpoch = (at: number) => performance.timeOrigin + at;

const doorOpenings = (relay: RelayPty) =>
  framesByFirstByte(relay)
    .filter((f) => f.hex === LCUS_ON)
    .map((f) => toEpoch(f.at));

const rawReports = (rig: DoorRig): RawReport[] =>
  rig.states.filter((s) => s.shown !== true).map((s) => ({ at: toEpoch(s.at), state: s.state, code: s.code }));

/**
 * Waits until `visits` doors opened, or the visitor after the last one counted has walked up (a door
 * that stays shut is a result too: the run goes on to report it), or the deadline passes.
 */
async function watchVisits(rig: DoorRig, visits: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (doorOpenings(rig.relay).length >= visits || arrivalsOf(rawReports(rig)).length > visits) return;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * How far the page's clock (timeOrigin + now) lies from Node's, from the round trip with the smallest
 * delay: the spans below join the two through their timeOrigins, and this checks they agree. The page
 * answers late while Human holds its thread, so it asks until one round trip is short (the error is
 * at most half of it).
 */
async function clockSkew(page: Page): Promise<number> {
  let best = { rtt: Infinity, skew: 0 };
  for (let i = 0; i < 40 && best.rtt > 4; i++) {
    const before = toEpoch(performance.now());
    const inPage = await page.evaluate(() => performance.timeOrigin + performance.now());
    const after = toEpoch(performance.now());
    if (after - before < best.rtt) best = { rtt: after - before, skew: inPage - (before + after) / 2 };
  }
  return Math.abs(best.skew);
}

/** Every frame the renderer's detector ran on, in order, in epoch milliseconds. */
function detectFrames(page: Page): Promise<DetectFrame[]> {
  return page.evaluate(() =>
    [
      ...performance.getEntriesByName('facegate:detect').map((e) => ({ e, idle: false })),
      ...performance.getEntriesByName('facegate:detect-idle').map((e) => ({ e, idle: true })),
    ]
      .map(({ e, idle }) => ({
        start: performance.timeOrigin + e.startTime,
        end: performance.timeOrigin + e.startTime + e.duration,
        idle,
      }))
      .sort((a, b) => a.start - b.start),
  );
}

/** One kiosk watched over `visits` visitors: who walked up when, and when the door opened for them. */
async function oneRun(
  camera: WalkUpCamera,
  options: Required<Pick<TimeToDoorOptions, 'verifier'>> & TimeToDoorOptions,
  visits: number,
  dataDir: string | undefined,
): Promise<{ visits: Visit[]; skew: number }> {
  const rig = await openDoorRig({
    camera: camera.file,
    verifier: options.verifier,
    ...(dataDir && { dataDir }),
    ...(options.rendererDir && { rendererDir: options.rendererDir }),
    // Both act only after the door opened; short, so each visitor has left before the next walks up.
    settings: { access: { cooldownMs: 0 }, resultDisplayMs: 1_000 },
  });
  try {
    await watchVisits(rig, visits, 90_000 + visits * camera.periodSeconds * 2_500);
    const skew = await clockSkew(rig.host.page);
    const frames = await detectFrames(rig.host.page);
    return { visits: visitsOf(rawReports(rig), frames, doorOpenings(rig.relay)).slice(0, visits), skew };
  } finally {
    await rig.close();
  }
}

/**
 * First camera frame with a face to the relay's first byte, as people walking up to a running kiosk
 * meet it: the built renderer in Chromium on a looping walk-up video (an empty lobby, then a person),
 * the local verifier with that person enrolled (or FACEKI's API on loopback), the LCUS relay on a socat
 * PTY. Each run is a new kiosk; its first visitor is reported apart (cold models), the others make
 * the figure. A visitor the door stayed shut for counts in walkUps, not in the figure.
 */
export async function benchTimeToDoor(options: TimeToDoorOptions = {}): Promise<TimeToDoor> {
  const verifier = options.verifier ?? 'local';
  const runs = options.runs ?? 2;
  const visits = Math.max(2, options.visitsPerRun ?? 6);
  const camera = await walkUpCamera();
  const gallery = verifier === 'local' ? await enrolledDataDir() : null;
  const warm: number[] = [];
  const cold: number[] = [];
  let walkUps = 0;
  let skew = 0;
  try {
    for (let r = 0; r < runs; r++) {
      const run = await oneRun(camera, { ...options, verifier }, visits, gallery?.dir);
      walkUps += run.visits.length;
      skew = Math.max(skew, run.skew);
      run.visits.forEach((visit, i) => {
        if (visit.doorAt === null) return;
        const span = visit.doorAt - visit.faceAt;
        if (i === 0) cold.push(Math.round(span));
        else warm.push(span);
      });
    }
  } finally {
    gallery?.remove();
  }
  return {
    verifier,
    ms: stats(warm),
    coldMs: cold,
    walkUps,
    doors: warm.length + cold.length,
    clockSkewMs: Math.round(skew * 10) / 10,
  };
}

export function describeTimeToDoor(t: TimeToDoor): string {
  return (
    `first face frame to first relay byte, ${t.verifier} verifier (ms): median ${t.ms.median}, p95 ${t.ms.p95} ` +
    `(n ${t.ms.n}, min ${t.ms.min}, max ${t.ms.max}); first visitor after start: ${t.coldMs.join(', ') || '-'}; ` +
    `door opened for ${t.doors} of ${t.walkUps} walk-ups; clock skew ${t.clockSkewMs} ms`
  );
}

// `npx tsx bench/time-to-door.ts [--quick] [--renderer-dir DIR]` (after `npm run build`): this figure alone.
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const quick = process.argv.includes('--quick');
  const dirFlag = process.argv.indexOf('--renderer-dir');
  const rendererDir = dirFlag > 0 ? process.argv[dirFlag + 1] : undefined;
  const shape = { ...(rendererDir && { rendererDir }), ...(quick ? { visitsPerRun: 3 } : { visitsPerRun: 6 }) };
  console.log(`load average: ${loadavg().join(' ')}`);
  console.log(describeTimeToDoor(await benchTimeToDoor({ verifier: 'local', runs: quick ? 1 : 2, ...shape })));
  console.log(describeTimeToDoor(await benchTimeToDoor({ verifier: 'faceki', runs: 1, ...shape })));
  console.log(`load average: ${loadavg().join(' ')}`);
}
