import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { simulate } from '../../../electron/cli/commands/simulate';
import { main } from '../../../electron/cli/index';
import { grantFor, startFakeFaceki, type FakeFaceki } from '../../fakes/faceki-server';
import { startRelayPty } from '../../fakes/relay-pty';
import { liveCamera } from '../../support/camera';
import { repoRoot } from '../../support/fixtures';
import { serviceArgs as harnessServiceArgs, spawnBin, waitUntil } from './cli-harness';

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
/** The same services as flag values, for calling simulate() itself and reading its report. */
const serviceFlags = () => ({
  'data-dir': dataDir,
  'verify-url': faceki.verifyUrl,
  'token-url': faceki.tokenUrl,
  'client-id': faceki.clientId,
  'client-secret': faceki.clientSecret,
});

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

  it('prints what the screen showed, while the report keeps every raw state with its shown flag', async () => {
    faceki.setVerifyResponder(() => grantFor({ userId: 'u-obama', name: 'Barack Obama' }));
    const lines: string[] = [];
    const report = await simulate(
      { ...serviceFlags(), camera: await liveCamera('obama-1.jpg'), json: false, waitMs: 60_000, version: 'test' },
      (l) => lines.push(l),
    );
    expect(report.ended).toBe('decision');
    expect(report.states.every((s) => typeof s.shown === 'boolean' && Number.isInteger(s.atMs))).toBe(true);
    // Both streams reached the simulator: the loop's raw states and what steady guidance put on screen.
    expect(report.states.filter((s) => !s.shown).map((s) => s.state)).toContain('searching');
    expect(report.states.filter((s) => s.shown).map((s) => s.state)).toEqual(
      expect.arrayContaining(['searching', 'verifying']),
    );
    // Each printed state is a report the screen showed (shown, or put up directly: starting, result, fault).
    const printed = lines.filter((l) => / ms {2}\w/.test(l));
    const onScreen = report.states.filter((s) => s.shown || ['starting', 'result', 'fault'].includes(s.state));
    for (const line of printed) {
      const [, at, state, code] = /^\s*(\d+) ms {2}(\w+)(?: (\w+))?$/.exec(line)!;
      expect(onScreen, line).toContainEqual(
        expect.objectContaining({ atMs: Number(at), state, ...(code && { code }) }),
      );
    }
    expect(printed.length).toBeLessThan(report.states.length);
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
    const report = JSON.parse(lines[0]!) as {
      decision: unknown;
      states: Array<{ state: string; code?: string; shown: boolean }>;
    };
    expect(report.decision).toBeNull();
    expect(report.states.at(-1)).toMatchObject({ state: 'fault', code: 'INVALID_CONFIG', shown: false });
    expect(faceki.verifyRequests).toHaveLength(0);
  });

  it('says the kiosk stopped on a fault, and when, rather than that the whole wait passed', async () => {
    writeFileSync(join(dataDir, 'settings.json'), '{"gate": {"minFaceWidthRatio": "big"}');
    const lines: string[] = [];
    const camera = await liveCamera('obama-1.jpg');
    const code = await main(['simulate', '--camera', camera, '--wait-ms', '60000', ...serviceArgs()], (l) =>
      lines.push(l),
    );
    expect(code).toBe(2);
    expect(lines).toContainEqual(
      expect.stringMatching(/^no decision: the kiosk stopped on fault INVALID_CONFIG after \d+ ms$/),
    );
    expect(lines.join('\n')).not.toContain('within 60000 ms');
    const json: string[] = [];
    await main(['simulate', '--camera', camera, '--json', ...serviceArgs()], (l) => json.push(l));
    expect(JSON.parse(json[0]!)).toMatchObject({ ended: 'fault', elapsedMs: expect.any(Number) });
  });

  it('refuses a missing camera option or file as INVALID_REQUEST, naming the file', async () => {
    await expect(main(['simulate', ...serviceArgs()])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('--camera'),
    });
    const missing = join(dataDir, 'nope.y4m');
    await expect(main(['simulate', '--camera', missing, ...serviceArgs()])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining(`camera file not found: ${missing}`),
    });
  });

  it('refuses an empty or broken camera file up front as INVALID_REQUEST, before Chromium starts', async () => {
    const good = readFileSync(await liveCamera('obama-1.jpg'));
    const header = good.subarray(0, good.indexOf('\n') + 1);
    const cases: Array<[string, Buffer | string, RegExp]> = [
      ['empty.y4m', '', /empty/],
      ['text.y4m', 'not a video\n', /not a Y4M video/],
      ['header-only.y4m', header, /no whole frame/],
      ['cut.y4m', good.subarray(0, header.length + 6 + 1000), /no whole frame/],
      ['no-size.y4m', 'YUV4MPEG2 F30:1 C420jpeg\nFRAME\n', /width and height/],
      ['444.y4m', 'YUV4MPEG2 W2 H2 C444\nFRAME\n123456789012\n', /4:2:0/],
      ['empty.mjpeg', '', /empty/],
      ['text.mjpeg', 'not a video', /not a JPEG/],
    ];
    for (const [name, bytes, why] of cases) {
      const file = join(dataDir, name);
      writeFileSync(file, bytes);
      const error = await main(['simulate', '--camera', file, ...serviceArgs()]).catch((e: unknown) => e);
      expect(error, name).toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(why) });
      expect((error as Error).message).toContain(file);
    }
    expect(faceki.tokenRequests).toBe(0);
  });

  it('rests the relay and closes Chromium on Ctrl-C, then exits 130 (built CLI)', async () => {
    const pty = await startRelayPty(dataDir);
    try {
      const camera = await liveCamera('obama-1.jpg');
      const run = spawnBin(['simulate', '--camera', camera, ...serviceArgs(), '--relay-port', pty.appPath]);
      // The relay is rested on opening, and the kiosk is running in Chromium once it reports a state.
      await pty.waitForFrames(4, 1, 30_000);
      await waitUntil(() => / ms {2}\w+/.test(run.stdout()), 'a state line from the kiosk', 30_000);
      run.child.kill('SIGINT');
      const exit = await run.exited;
      expect(exit).toMatchObject({ code: 130, signal: null });
      expect(exit.stderr).toContain('SIGINT: resting the door relay');
      // The services' close rested the relay once more before the exit. Without the CLI's handler,
      // Playwright's would close Chromium and exit 130 too, but with nothing rested.
      expect((await pty.waitForFrames(4, 2)).map((f) => f.hex)).toEqual(['a00100a1', 'a00100a1']);
    } finally {
      await pty.close();
    }
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
    expect(failure.stderr).toMatch(/^facegate: INVALID_REQUEST: simulate needs --camera/);
  });
});
