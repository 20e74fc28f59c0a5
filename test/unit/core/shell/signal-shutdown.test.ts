import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { closeOnce, type CloseOutcome } from '../../../../electron/core/shell/close-once';
import { SHUTDOWN_SIGNALS, setupShutdownSignals } from '../../../../electron/core/shell/shutdown-signals';
import type { RelayPty } from '../../../fakes/relay-pty';
import { repoRoot } from '../../../support/fixtures';
import { RelayBench, waitFor } from '../relay/relay-helpers';
import { RecordingLog } from './fakes';

// "SIGTERM or Ctrl-C during a pulse leaves the door open": the wire showed "on", then nothing.
// The relay here is real (serialport on a socat pseudo-terminal, LCUS channel 1); what the test
// reads is what a board would have received.
const ON = 'a00101a2';
const OFF = 'a00100a1';

let bench: RelayBench;
let pty: RelayPty;
beforeEach(async () => {
  bench = new RelayBench();
  pty = await bench.plug();
});
afterEach(() => bench.cleanup());

const hexes = () => pty.frames(4).map((f) => f.hex);

describe('setupShutdownSignals (the process faked, the relay real)', () => {
  it.each(SHUTDOWN_SIGNALS)('%s during a pulse sends the rest command, and exits only after it', async (signal) => {
    const relay = bench.relay({ protocol: 'lcus', channel: 1 });
    await relay.start();
    const process = new EventEmitter();
    const log = new RecordingLog();
    let relayClosed = false;
    const exits: Array<{ code: number; relayClosed: boolean }> = [];
    setupShutdownSignals({
      process,
      close: closeOnce(
        async () => {
          await relay.close();
          relayClosed = true;
        },
        { timeoutMs: 3_000, log },
      ),
      exit: (code) => exits.push({ code, relayClosed }),
      log,
    });
    await relay.pulse(30_000);
    await pty.waitForBytes(8);
    expect(hexes()).toEqual([OFF, ON]);

    process.emit(signal);
    await waitFor(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([{ code: 0, relayClosed: true }]);
    await pty.waitForBytes(12);
    expect(hexes()).toEqual([OFF, ON, OFF]);
    expect(log.messages('info')).toEqual(['stopping on a signal: putting the door to rest first', 'facegate stopped']);
  });

  it('closes once for a second signal, and exits once', async () => {
    const process = new EventEmitter();
    const log = new RecordingLog();
    let closes = 0;
    let finish!: () => void;
    const exits: number[] = [];
    setupShutdownSignals({
      process,
      close: closeOnce(
        () => {
          closes += 1;
          return new Promise<void>((resolve) => (finish = resolve));
        },
        { timeoutMs: 3_000, log },
      ),
      exit: (code) => exits.push(code),
      log,
    });
    process.emit('SIGINT');
    process.emit('SIGINT');
    process.emit('SIGTERM');
    expect(closes).toBe(1);
    expect(exits).toEqual([]);
    expect(log.messages('warn')).toEqual([
      'already stopping: the door is being put to rest',
      'already stopping: the door is being put to rest',
    ]);
    finish();
    await waitFor(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([0]);
  });

  it.each<[string, () => Promise<void>, CloseOutcome]>([
    ['fails', () => Promise.reject(new Error('port gone')), 'failed'],
    ['never ends', () => new Promise<void>(() => {}), 'timed-out'],
  ])('exits 1 when closing %s (the door may not be at rest)', async (_label, close, outcome) => {
    const process = new EventEmitter();
    const log = new RecordingLog();
    const exits: number[] = [];
    setupShutdownSignals({ process, close: closeOnce(close, { timeoutMs: 50, log }), exit: (c) => exits.push(c), log });
    process.emit('SIGTERM');
    await waitFor(() => exits.length > 0, 'the exit');
    expect(exits).toEqual([1]);
    expect(log.entries.at(-1)?.fields).toMatchObject({ outcome });
  });
});

/** The child holding the door open (signal-shutdown-child.ts); resolves once "on" has reached the board. */
async function kioskHoldingTheDoor() {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(repoRoot, 'test', 'unit', 'core', 'shell', 'signal-shutdown-child.ts'),
      bench.dir,
      pty.appPath,
    ],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, killedBy) => resolve({ code, signal: killedBy })),
  );
  await waitFor(() => stdout.includes('open') || child.exitCode !== null, 'the child to open the door', 30_000);
  expect(stderr).toBe('');
  // "open" means written by the child; socat may still be carrying it to the reader.
  await pty.waitForBytes(8, 5_000);
  expect(hexes()).toEqual([OFF, ON]);
  return { child, exited };
}

describe('a real signal to a process running the kiosk services', () => {
  it.each(SHUTDOWN_SIGNALS)(
    '%s while the door is held open: "off" reaches the board, the database is closed, exit 0',
    async (signal) => {
      const { child, exited } = await kioskHoldingTheDoor();
      child.kill(signal);
      expect(await exited).toEqual({ code: 0, signal: null });
      await pty.waitForBytes(12);
      expect(hexes()).toEqual([OFF, ON, OFF]);
      // SQLite removes the write-ahead log when the last connection closes cleanly.
      expect(existsSync(join(bench.dir, 'facegate.db'))).toBe(true);
      expect(existsSync(join(bench.dir, 'facegate.db-wal'))).toBe(false);
    },
  );

  it('SIGKILL cannot be answered: the board stays "on" until a kiosk starts again and rests it first', async () => {
    const { child, exited } = await kioskHoldingTheDoor();
    child.kill('SIGKILL');
    expect(await exited).toEqual({ code: null, signal: 'SIGKILL' });
    // Nothing more comes: a relay started on the same board (the kiosk restarting) sends "off" first.
    const restarted = bench.relay({ protocol: 'lcus', channel: 1 });
    await restarted.start();
    await pty.waitForBytes(12);
    expect(hexes()).toEqual([OFF, ON, OFF]);
  });
});
