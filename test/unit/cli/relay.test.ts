import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { cli, jsonOf, makeDataDir, removeDataDir, runBin, spawnBin } from './cli-harness';

// `facegate relay ports` and `facegate relay pulse` against a real socat pseudo-terminal pair.

/** LCUS channel 1: the contact at rest (door shut), and on (door open). */
const REST = 'a00100a1';
const ON = 'a00101a2';

let dir: string;
let pty: RelayPty;

beforeEach(async () => {
  dir = makeDataDir();
  // The data folder whose settings.json relay pulse starts from: this test's, never the machine's.
  vi.stubEnv('FACEGATE_DATA_DIR', dir);
  pty = await startRelayPty(dir);
});

afterEach(async () => {
  vi.unstubAllEnvs();
  await pty.close();
  removeDataDir(dir);
});

interface PulseReport {
  protocol: string;
  channel: number;
  openMs: number;
  events: Array<{ atMs: number; command: string; value: string }>;
}

describe('facegate relay pulse', () => {
  it('rests the contact, opens it, and closes it about --ms later (LCUS channel 1)', async () => {
    const run = await cli([
      'relay',
      'pulse',
      '--port',
      pty.appPath,
      '--protocol',
      'lcus',
      '--channel',
      '1',
      '--ms',
      '300',
      '--json',
    ]);
    expect(run.code).toBe(0);
    const report = jsonOf<PulseReport>(run);
    expect(report.events.map((e) => [e.command, e.value])).toEqual([
      ['rest', 'A0 01 00 A1'],
      ['open', 'A0 01 01 A2'],
      ['close', 'A0 01 00 A1'],
    ]);
    const [, open, close] = report.events;
    expect(close!.atMs - open!.atMs).toBeGreaterThanOrEqual(280);
    expect(close!.atMs - open!.atMs).toBeLessThan(1_500);
    // What the board saw, read on the other end: rest, open, close (and the rest sent on quitting).
    const seen = (await pty.waitForBytes(12)).toString('hex');
    expect(seen.startsWith('a00100a1a00101a2a00100a1')).toBe(true);
  });

  it('speaks the other protocols: channel 3, AA/BB, custom hex', async () => {
    const lcus3 = jsonOf<PulseReport>(
      await cli(['relay', 'pulse', '--port', pty.appPath, '--channel', '3', '--ms', '200', '--json']),
    );
    expect(lcus3.events.map((e) => e.value)).toEqual(['A0 03 00 A3', 'A0 03 01 A4', 'A0 03 00 A3']);
    const aabb = jsonOf<PulseReport>(
      await cli(['relay', 'pulse', '--port', pty.appPath, '--protocol', 'aabb', '--ms', '200', '--json']),
    );
    expect(aabb.events.map((e) => e.value)).toEqual(['BB', 'AA', 'BB']);
    const custom = jsonOf<PulseReport>(
      await cli([
        'relay',
        'pulse',
        '--port',
        pty.appPath,
        '--protocol',
        'custom',
        '--on',
        '55 01',
        '--off',
        '5500',
        '--ms',
        '200',
        '--json',
      ]),
    );
    expect(custom.events.map((e) => e.value)).toEqual(['55 00', '55 01', '55 00']);
  });

  it('prints one line per command for a person', async () => {
    const run = await cli(['relay', 'pulse', '--port', pty.appPath, '--ms', '200']);
    expect(run.lines[0]).toBe(`lcus on ${pty.appPath}, channel 1, 200 ms`);
    expect(run.lines.slice(1).map((l) => l.trim().split(/\s+/).slice(2).join(' '))).toEqual([
      'rest A0 01 00 A1',
      'open A0 01 01 A2',
      'close A0 01 00 A1',
    ]);
  });

  it('exits non-zero with RELAY_UNAVAILABLE and the system reason when the port cannot be opened', async () => {
    const failure = await runBin(['relay', 'pulse', '--port', `${dir}/no-such-tty`, '--ms', '200']);
    expect(failure.code).toBe(2);
    expect(failure.stderr).toMatch(/^facegate: RELAY_UNAVAILABLE: .*no-such-tty.*No such file or directory/);
  });

  it.each([
    [['--ms', '50'], /openMs/],
    [['--ms', '40000'], /openMs/],
    [['--protocol', 'x10'], /protocol/],
    [['--protocol', 'aabb', '--channel', '2'], /channel/],
    [['--protocol', 'custom'], /custom/],
    [['--protocol', 'custom', '--on', 'zz', '--off', '00'], /hex/],
  ])('refuses bad options %j as INVALID_CONFIG, writing nothing', async (extra, message) => {
    await expect(cli(['relay', 'pulse', '--port', pty.appPath, ...extra])).rejects.toMatchObject({
      code: 'INVALID_CONFIG',
      message: expect.stringMatching(message),
    });
    expect(pty.received()).toHaveLength(0);
  });

  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('rests the relay when %s comes mid-pulse, then exits %i (built CLI)', async (signal, code) => {
    const pulse = spawnBin(['relay', 'pulse', '--data-dir', dir, '--port', pty.appPath, '--ms', '5000']);
    // Rest on opening, then "on": the door is open, and "off" is 5 s away.
    expect((await pty.waitForFrames(4, 2, 10_000)).map((f) => f.hex)).toEqual([REST, ON]);
    pulse.child.kill(signal);
    const exit = await pulse.exited;
    expect(exit).toMatchObject({ code, signal: null });
    expect(exit.stderr).toContain(`${signal}: resting the door relay`);
    // What the board saw: the rest came after "on", before the process went.
    expect((await pty.waitForFrames(4, 3)).map((f) => f.hex)).toEqual([REST, ON, REST]);
  });

  it('needs --port, or relay.port in settings.json', async () => {
    await expect(cli(['relay', 'pulse'])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('--port'),
    });
  });

  it("starts from the data folder's relay settings (--data-dir), the flags on top", async () => {
    const other = makeDataDir();
    try {
      const relay = { port: pty.appPath, protocol: 'lcus', channel: 2, openMs: 250 };
      writeFileSync(join(other, 'settings.json'), JSON.stringify({ relay }));
      const configured = jsonOf<PulseReport>(await cli(['relay', 'pulse', '--data-dir', other, '--json']));
      expect(configured).toMatchObject({ protocol: 'lcus', channel: 2, openMs: 250 });
      expect(configured.events.map((e) => e.value)).toEqual(['A0 02 00 A2', 'A0 02 01 A3', 'A0 02 00 A2']);
      // A flag wins over the file; --protocol starts afresh (the file's channel 2 is LCUS's, not AA/BB's).
      const flagged = jsonOf<PulseReport>(
        await cli(['relay', 'pulse', '--data-dir', other, '--protocol', 'aabb', '--ms', '200', '--json']),
      );
      expect(flagged).toMatchObject({ protocol: 'aabb', channel: 1, openMs: 200 });
      expect(flagged.events.map((e) => e.value)).toEqual(['BB', 'AA', 'BB']);
    } finally {
      removeDataDir(other);
    }
  });
});

describe('facegate relay ports', () => {
  it('lists serial devices as JSON (pseudo-terminals are not serial devices and are not listed)', async () => {
    const ports = jsonOf<Array<{ path: string }>>(await cli(['relay', 'ports', '--json']));
    expect(Array.isArray(ports)).toBe(true);
    for (const p of ports) expect(typeof p.path).toBe('string');
    expect(ports.map((p) => p.path)).not.toContain(pty.appPath);
  });

  it('exits 0 on this machine (the built CLI), with or without udevadm installed', async () => {
    const json = await runBin(['relay', 'ports', '--json']);
    expect(json).toMatchObject({ code: 0, stderr: '' });
    expect(Array.isArray(JSON.parse(json.stdout))).toBe(true);
    const text = await runBin(['relay', 'ports']);
    expect(text).toMatchObject({ code: 0, stderr: '' });
    expect(text.stdout).not.toMatch(/INTERNAL_ERROR/);
  });
});
