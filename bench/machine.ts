import { execFileSync } from 'node:child_process';
import { cpus, totalmem, type as osType, release } from 'node:os';
import { findChromium } from '../electron/cli/chromium';

/** The machine a figure was measured on, so RESULTS.md never quotes a number without it. */
export function describeMachine(): string {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  let chromium = 'unknown';
  try {
    chromium = execFileSync(findChromium(), ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    // reported as unknown
  }
  return [
    `${osType()} ${release()}, ${cpus().length} cores (${cpu}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    `Node ${process.version}, ${chromium}`,
  ].join('; ');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export interface Stats {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
}

/** Median, p95, min and max, rounded to `decimals` places (0.1 ms by default). */
export function stats(samples: number[], decimals = 1): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const scale = 10 ** decimals;
  const round = (x: number) => Math.round(x * scale) / scale;
  return {
    n: sorted.length,
    median: round(percentile(sorted, 50)),
    p95: round(percentile(sorted, 95)),
    min: round(sorted[0] ?? NaN),
    max: round(sorted[sorted.length - 1] ?? NaN),
  };
}
