/*
 * Reading a kiosk run back: when did each visitor's face first reach the detector, and when did the
 * door open for them. Pure: every time is epoch milliseconds (the page's entries through its
 * performance.timeOrigin, Node's stamps through Node's), so the two processes' clocks meet.
 */

/** One camera frame the renderer's detector ran on ('facegate:detect' or 'facegate:detect-idle'). */
export interface DetectFrame {
  start: number;
  end: number;
  idle: boolean;
}

/** One raw state the loop reported to main (not the `shown` ones), stamped on arrival. */
export interface RawReport {
  at: number;
  state: string;
  code?: string | undefined;
}

export interface Visit {
  /** Start of detection on the first camera frame in which this visitor's face was found. */
  faceAt: number;
  /** Arrival of the first byte of the door's "on" frame, or null when the door stayed shut. */
  doorAt: number | null;
}

/**
 * The lobby counts as empty once "nobody" has been reported and no face followed for this long: a
 * face lost for a frame or two while someone stands there is not a new visitor. The walk-up video's
 * empty scene lasts 4 s.
 */
export const EMPTY_LOBBY_MS = 1_500;

const nobody = (r: RawReport) => r.state === 'searching' && r.code === 'FACE_NOT_FOUND';
/** A frame with a face: guided, held, sent, or found by the detector and judged too faint to trust. */
const someone = (r: RawReport) =>
  r.state === 'guiding' ||
  r.state === 'holding' ||
  r.state === 'verifying' ||
  (r.state === 'searching' && r.code !== undefined && r.code !== 'FACE_NOT_FOUND');

/**
 * The first frame with this visitor's face, from the report of it. The loop reports a state right after
 * the frame's detection, so the frame is the last one whose detection ended before the report
 * arrived. At its idle pace the loop sends no report for a frame with a face: it leaves the idle pace
 * because of that frame, and reports the next one; so an active frame right after an idle one means
 * the idle one was first.
 */
function frameOf(report: RawReport, frames: readonly DetectFrame[]): DetectFrame | null {
  let index = -1;
  for (let i = 0; i < frames.length && frames[i]!.end <= report.at; i++) index = i;
  if (index < 0) return null;
  const frame = frames[index]!;
  const before = frames[index - 1];
  return !frame.idle && before?.idle ? before : frame;
}

/** The reports of people walking up: each face report after an empty lobby, and the run's first face report. */
export function arrivalsOf(reports: readonly RawReport[]): RawReport[] {
  const arrivals: RawReport[] = [];
  let emptySince: number | null = null;
  for (const report of reports) {
    if (nobody(report)) emptySince ??= report.at;
    else if (someone(report)) {
      const firstEver = arrivals.length === 0 && emptySince === null;
      if (firstEver || (emptySince !== null && report.at - emptySince >= EMPTY_LOBBY_MS)) arrivals.push(report);
      emptySince = null;
    }
  }
  return arrivals;
}

/** The visitors of a run, each with their door: the first opening after their face and before the next visitor's. */
export function visitsOf(
  reports: readonly RawReport[],
  frames: readonly DetectFrame[],
  doorOpenings: readonly number[],
): Visit[] {
  const arrivals = arrivalsOf(reports);
  const visits: Visit[] = [];
  arrivals.forEach((arrival, i) => {
    const frame = frameOf(arrival, frames);
    if (!frame) return;
    const nextArrival = arrivals[i + 1]?.at ?? Infinity;
    const door = doorOpenings.find((d) => d > frame.start && d < nextArrival);
    visits.push({ faceAt: frame.start, doorAt: door ?? null });
  });
  return visits;
}
