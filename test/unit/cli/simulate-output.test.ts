import { describe, expect, it } from 'vitest';
import type { ReportStateRequest } from '../../../electron/common/contract';
import type { Decision } from '../../../electron/common/decision';
import {
  screenPrinter,
  showsOnScreen,
  simulatedState,
  summaryLines,
  type SimulatedState,
} from '../../../electron/cli/simulate-output';

// What `facegate simulate` prints from the kiosk's reports: the screen for people, everything for --json.

/** A poor-light visit as the kiosk reports it: raw frames flicker, the screen holds one message. */
const VISIT: Array<[number, ReportStateRequest]> = [
  [1_400, { state: 'starting', detail: 'backend wasm: no WebGL' }],
  [1_700, { state: 'searching' }],
  [1_701, { state: 'searching', shown: true }],
  [2_100, { state: 'guiding', code: 'POOR_LIGHT' }],
  [2_150, { state: 'guiding', code: 'FACE_CLOSE_TO_BORDER' }],
  [2_190, { state: 'guiding', code: 'POOR_LIGHT' }],
  [2_240, { state: 'guiding', code: 'POOR_LIGHT', shown: true }],
  [2_300, { state: 'guiding', code: 'TOO_MANY_FACES' }],
  [2_340, { state: 'searching', code: 'LOW_DETECTION_SCORE' }],
  [2_400, { state: 'guiding', code: 'POOR_LIGHT' }],
  [3_000, { state: 'holding' }],
  [3_600, { state: 'verifying' }],
  [3_601, { state: 'verifying', shown: true }],
  [4_200, { state: 'result', code: 'NO_MATCH', detail: 'denied attempt 1' }],
  [4_201, { state: 'result', code: 'NO_MATCH', shown: true }],
];

const states = (): SimulatedState[] => VISIT.map(([at, request]) => simulatedState(request, at));

describe('simulate output', () => {
  it('prints only what the screen shows: shown reports, and starting, results and faults', () => {
    const print = screenPrinter();
    const lines = states()
      .map(print)
      .filter((line) => line !== null);
    expect(lines).toEqual([
      '  1400 ms  starting',
      '  1701 ms  searching',
      '  2240 ms  guiding POOR_LIGHT',
      '  3601 ms  verifying',
      '  4200 ms  result NO_MATCH',
    ]);
  });

  it('keeps every report for --json, each with its shown flag and time', () => {
    const all = states();
    expect(all).toHaveLength(VISIT.length);
    expect(all[3]).toEqual({ state: 'guiding', code: 'POOR_LIGHT', shown: false, atMs: 2_100 });
    expect(all[6]).toEqual({ state: 'guiding', code: 'POOR_LIGHT', shown: true, atMs: 2_240 });
    // The raw codes stay for diagnosis, the passing ones included.
    expect(all.filter((s) => !s.shown).map((s) => s.code)).toContain('FACE_CLOSE_TO_BORDER');
    expect(JSON.parse(JSON.stringify(all))).toEqual(all);
  });

  it('tells a raw frame from what the screen shows', () => {
    expect(showsOnScreen({ state: 'guiding', code: 'POOR_LIGHT' })).toBe(false);
    expect(showsOnScreen({ state: 'guiding', code: 'POOR_LIGHT', shown: false })).toBe(false);
    expect(showsOnScreen({ state: 'holding', shown: true })).toBe(true);
    expect(showsOnScreen({ state: 'fault', code: 'CAMERA_FROZEN' })).toBe(true);
    expect(showsOnScreen({ state: 'result', code: 'OK' })).toBe(true);
  });

  it('prints a fault reported raw and then shown once, and a later different fault again', () => {
    const print = screenPrinter();
    const out = [
      simulatedState({ state: 'fault', code: 'CAMERA_FROZEN' }, 10),
      simulatedState({ state: 'fault', code: 'CAMERA_FROZEN', shown: true }, 11),
      simulatedState({ state: 'searching', shown: true }, 2_000),
      simulatedState({ state: 'fault', code: 'CAMERA_FROZEN' }, 3_000),
    ].map(print);
    expect(out).toEqual([
      '    10 ms  fault CAMERA_FROZEN',
      null,
      '  2000 ms  searching',
      '  3000 ms  fault CAMERA_FROZEN',
    ]);
  });

  it('ends with the decision, or the fault that stopped the run, or the wait that ran out', () => {
    const decision: Decision = {
      decision: 'granted',
      code: 'OK',
      user: { userId: 'u-1', name: 'Ada' },
      online: true,
      doorOpened: true,
      attemptId: 7,
      latencyMs: 321,
    };
    const base = {
      states: [],
      decision: null,
      screenshot: null,
      problems: [],
      ended: 'timeout',
      elapsedMs: 0,
    } as const;
    expect(summaryLines({ ...base, decision, screenshot: '/tmp/s.png', problems: ['page error'] }, 90_000)).toEqual([
      'decision: granted OK user=u-1 (Ada) online=true door=opened attempt=7 latency=321 ms',
      'problem: page error',
      'screenshot: /tmp/s.png',
    ]);
    // A report that came in while Chromium closed does not hide the fault that ended the run.
    const faulted = {
      ...base,
      ended: 'fault',
      elapsedMs: 4_000,
      states: [
        simulatedState({ state: 'fault', code: 'INVALID_CONFIG' }, 3_900),
        simulatedState({ state: 'searching' }, 4_100),
      ],
    } as const;
    expect(summaryLines(faulted, 90_000)).toEqual([
      'no decision: the kiosk stopped on fault INVALID_CONFIG after 4000 ms',
    ]);
    expect(summaryLines(base, 30_000)).toEqual(['no decision within 30000 ms']);
  });
});
