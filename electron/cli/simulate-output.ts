import type { KioskState, ReportStateRequest } from '../common/contract';
import type { Decision } from '../common/decision';

/*
 * What `facegate simulate` prints. The kiosk reports two streams on the same channel: the loop's raw
 * per-frame states (which may change every 35-100 ms on a poor picture) and, flagged `shown: true`,
 * what steady-guidance.ts lets the screen show. A person reading the output wants the screen, so the
 * human-readable lines follow only the second; `--json` keeps both for diagnosis.
 */

/** One state report as the simulator keeps it: when it came, and whether it is what the screen showed. */
export type SimulatedState = ReportStateRequest & { atMs: number; shown: boolean };

/**
 * States put on screen directly, never through steady guidance, so their raw report is what the
 * screen shows: starting (main.ts, before the loop runs), a decision, a fault.
 */
const ALWAYS_SHOWN: ReadonlySet<KioskState> = new Set(['starting', 'result', 'fault']);

export function simulatedState(request: ReportStateRequest, atMs: number): SimulatedState {
  return { ...request, shown: request.shown === true, atMs };
}

/** Whether the report is what the visitor saw, rather than a frame's raw verdict. */
export function showsOnScreen(state: ReportStateRequest): boolean {
  return state.shown === true || ALWAYS_SHOWN.has(state.state);
}

export function stateLine(state: SimulatedState): string {
  return `${String(state.atMs).padStart(6)} ms  ${state.state}${state.code ? ` ${state.code}` : ''}`;
}

/**
 * The human-readable lines, one report at a time: a line for each change of what the screen shows,
 * null otherwise. A decision or fault may be reported twice (raw by the loop, and shown): once is
 * what the screen did.
 */
export function screenPrinter(): (state: SimulatedState) => string | null {
  let last = '';
  return (state) => {
    if (!showsOnScreen(state)) return null;
    const key = `${state.state}:${state.code ?? ''}`;
    if (key === last) return null;
    last = key;
    return stateLine(state);
  };
}

export interface RunOutcome {
  states: readonly SimulatedState[];
  decision: Decision | null;
  screenshot: string | null;
  problems: readonly string[];
  ended: 'decision' | 'fault' | 'timeout';
  elapsedMs: number;
}

/** The closing lines of a human-readable run: the decision (or why there is none), problems, screenshot. */
export function summaryLines(run: RunOutcome, waitMs: number): string[] {
  const d = run.decision;
  // The fault that ended the run: reports that arrived while Chromium was closing come after it.
  const fault = run.states.findLast((s) => s.state === 'fault');
  const lines = [
    d
      ? `decision: ${d.decision} ${d.code}${d.user ? ` user=${d.user.userId}${d.user.name ? ` (${d.user.name})` : ''}` : ''} ` +
        `online=${d.online} door=${d.doorOpened ? 'opened' : 'shut'} attempt=${d.attemptId} latency=${d.latencyMs} ms`
      : run.ended === 'fault'
        ? `no decision: the kiosk stopped on fault ${fault?.code ?? ''} after ${run.elapsedMs} ms`
        : `no decision within ${waitMs} ms`,
  ];
  for (const problem of run.problems) lines.push(`problem: ${problem}`);
  if (run.screenshot) lines.push(`screenshot: ${run.screenshot}`);
  return lines;
}
