import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { main } from '../../../electron/cli/index';
import { grantFor, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { liveCamera } from '../../support/camera';
import { repoRoot } from '../../support/fixtures';
import { serviceArgs as harnessServiceArgs } from './cli-harness';

// `facegate simulate` for real: the built renderer in headless Chromium, a Y4M camera, the fake
// FACEKI server on 127.0.0.1 and a SQLite file in a temporary data folder. Needs `npm run build`.

let dataDir: string;
let faceki: FakeFaceki;

beforeEach(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-cli-'));
  faceki = await startFakeFaceki();
});

afterEach(async () => {
  await faceki.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const serviceArgs = () => harnessServiceArgs(dataDir, faceki);

describe('facegate simulate', () => {
  it('runs the kiosk on a camera file to a decision and a screenshot that shows it', async () => {
    faceki.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama', confidence: 0.93 }));
    const lines: string[] = [];
    const screenshot = join(dataDir, 's.png');
    const camera = await liveCamera('obama-1.jpg');
    const code = await main(['simulate', '--camera', camera, '--screenshot', screenshot, ...serviceArgs()], (l) =>
      lines.push(l),
    );
    expect(code).toBe(0);
    expect(lines.some((l) => /\bsearching|holding\b/.test(l))).toBe(true);
    expect(lines.some((l) => /verifying/.test(l))).toBe(true);
    // No relay configured: recognised, but the door honestly stays shut.
    expect(lines).toContainEqual(
      expect.stringMatching(/^decision: granted RELAY_UNAVAILABLE user=u-obama \(Barack Obama\)/),
    );
    const png = await sharp(screenshot).metadata();
    expect([png.format, png.width, png.height]).toEqual(['png', 1024, 768]);
    expect(faceki.verifyRequests).toHaveLength(1);
  });

  it('prints one JSON document with --json, and shows a startup fault instead of a blank page', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"gate": {"minFaceWidthRatio": "big"}');
    const lines: string[] = [];
    const code = await main(
      ['simulate', '--camera', await liveCamera('obama-1.jpg'), '--json', '--wait-ms', '30000', ...serviceArgs()],
      (l) => lines.push(l),
    );
    expect(code).toBe(2);
    expect(lines).toHaveLength(1);
    const report = JSON.parse(lines[0]!) as { decision: unknown; states: Array<{ state: string; code?: string }> };
    expect(report.decision).toBeNull();
    expect(report.states.at(-1)).toMatchObject({ state: 'fault', code: 'INVALID_CONFIG' });
    expect(faceki.verifyRequests).toHaveLength(0);
  });

  it('refuses a missing camera option or file with a clear error', async () => {
    await expect(main(['simulate', ...serviceArgs()])).rejects.toMatchObject({ code: 'INVALID_CONFIG' });
    await expect(main(['simulate', '--camera', join(dataDir, 'nope.y4m'), ...serviceArgs()])).rejects.toThrow(
      /camera file not found/,
    );
  });

  it('answers an unknown command with usage and exit code 2', async () => {
    const lines: string[] = [];
    expect(await main(['frobnicate'], (l) => lines.push(l))).toBe(2);
    expect(lines.join('\n')).toMatch(/unknown command: frobnicate[\s\S]*simulate --camera/);
  });
});

describe('bin/facegate.mjs', () => {
  const run = promisify(execFile);

  it('runs the built CLI under plain Node', async () => {
    const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'facegate.mjs'), 'help']);
    expect(stdout).toMatch(/^facegate <command>/);
  });

  it('reports errors as one line with a code and exit status 2', async () => {
    const failure = await run(process.execPath, [join(repoRoot, 'bin', 'facegate.mjs'), 'simulate']).catch((e) => e);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/^facegate: INVALID_CONFIG: simulate needs --camera/);
  });
});
