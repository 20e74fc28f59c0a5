import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportStateRequest } from '../../../electron/common/contract';
import { stateReporter } from '../../../electron/core/kiosk-runtime';
import { createLogger } from '../../../electron/core/logger';

// The operator log on a real file: what support reads when a visitor says the screen made no sense.

let dataDir: string;

beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-states-'));
});

afterEach(() => {
  rmSync(dataDir, { recursive: true, force: true });
});

const logged = (): Array<Record<string, unknown>> =>
  readFileSync(join(dataDir, 'logs', 'facegate.log'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((entry) => entry.msg === 'kiosk state');

describe('stateReporter', () => {
  it('logs the raw per-frame codes and what the screen showed, told apart by shown: true', () => {
    const states = stateReporter(createLogger(dataDir, 'debug'));
    states.report({ state: 'guiding', code: 'POOR_LIGHT' });
    states.report({ state: 'guiding', code: 'TOO_MANY_FACES' });
    states.report({ state: 'guiding', code: 'POOR_LIGHT', shown: true });
    states.report({ state: 'guiding', code: 'FACE_CROPPED', shown: false });
    expect(logged().map(({ state, code, shown }) => ({ state, code, shown }))).toEqual([
      { state: 'guiding', code: 'POOR_LIGHT', shown: undefined },
      { state: 'guiding', code: 'TOO_MANY_FACES', shown: undefined },
      { state: 'guiding', code: 'POOR_LIGHT', shown: true },
      { state: 'guiding', code: 'FACE_CROPPED', shown: undefined },
    ]);
  });

  it('hands every report, raw and shown, to listeners as it came', () => {
    const states = stateReporter(createLogger(null));
    const seen: ReportStateRequest[] = [];
    const off = states.onState((state) => seen.push(state));
    states.report({ state: 'searching', code: 'FACE_NOT_FOUND' });
    states.report({ state: 'searching', shown: true });
    off();
    states.report({ state: 'holding', shown: true });
    expect(seen).toEqual([
      { state: 'searching', code: 'FACE_NOT_FOUND' },
      { state: 'searching', shown: true },
    ]);
  });
});
