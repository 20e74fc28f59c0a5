import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  closeSync,
  constants,
  createReadStream,
  existsSync,
  openSync,
  rmSync,
  writeSync,
  type ReadStream,
} from 'node:fs';
import { join } from 'node:path';

/**
 * A relay board stand-in: a real pseudo-terminal pair made by socat. The app opens appPath with
 * serialport exactly as it would /dev/ttyUSB0; the test reads what arrived at readerPath. Killing
 * socat is an unplug (both links disappear and the app's descriptor goes dead); starting it again on
 * the same folder is the board plugged back in.
 */
export interface RelayPty {
  appPath: string;
  readerPath: string;
  /** Every byte read at the reader side so far. */
  received(): Buffer;
  /** The reads at the reader side, each stamped with performance.now() when it arrived. */
  arrivals(): Array<{ at: number; bytes: Buffer }>;
  /**
   * What arrived cut into frames of `size` bytes, each stamped with the arrival of its last byte
   * (a read may hold several frames, or part of one). A trailing partial frame is left out.
   */
  frames(size: number): Array<{ at: number; hex: string }>;
  /** Writes bytes at the reader side, as the board answering: the app reads them from appPath. */
  write(bytes: Buffer): void;
  /** Resolves with everything received once at least n bytes have arrived; rejects after timeoutMs. */
  waitForBytes(n: number, timeoutMs?: number): Promise<Buffer>;
  /**
   * Resolves with frames(size) once at least `count` whole frames have arrived, however the reads cut
   * them (several frames may come in one read): for asserting on the sequence and its timing, never
   * on a byte count. Rejects after timeoutMs, with what did arrive.
   */
  waitForFrames(size: number, count: number, timeoutMs?: number): Promise<Array<{ at: number; hex: string }>>;
  /** Stops socat (by its own PID) and the reader. */
  close(): Promise<void>;
}

function assertSocat(): void {
  const probe = spawnSync('socat', ['-V'], { stdio: 'ignore' });
  if (probe.error) {
    throw new Error(
      `socat is needed for the relay tests but could not be run (${probe.error.message}): apt-get install -y socat`,
    );
  }
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

export async function startRelayPty(dir: string, startTimeoutMs = 5_000): Promise<RelayPty> {
  assertSocat();
  const appPath = join(dir, 'relay-app');
  const readerPath = join(dir, 'relay-reader');
  // Stale links from a socat that died hard would make the wait below pass before the new pair exists.
  rmSync(appPath, { force: true });
  rmSync(readerPath, { force: true });

  const socat = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${appPath}`, `pty,raw,echo=0,link=${readerPath}`], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  socat.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));

  // Ready means both links exist and socat says it is relaying; before that, bytes could go nowhere.
  const deadline = Date.now() + startTimeoutMs;
  while (!(existsSync(appPath) && existsSync(readerPath) && stderr.includes('starting data transfer loop'))) {
    if (socat.exitCode !== null || socat.signalCode !== null) {
      throw new Error(`socat exited early (${socat.exitCode ?? socat.signalCode}): ${stderr.trim()}`);
    }
    if (Date.now() > deadline) {
      socat.kill('SIGKILL');
      throw new Error(
        `socat did not create ${appPath} and ${readerPath} within ${startTimeoutMs} ms: ${stderr.trim()}`,
      );
    }
    await delay(20);
  }

  const chunks: Buffer[] = [];
  const stamps: number[] = [];
  let total = 0;
  let writer: number | null = null;
  const waiters = new Set<() => void>();
  const reader: ReadStream = createReadStream(readerPath);
  reader.on('data', (chunk) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    stamps.push(performance.now());
    chunks.push(buf);
    total += buf.length;
    for (const wake of waiters) wake();
  });
  // EIO is how a pty reports that the other side (socat) went away: that is close(), not a failure.
  reader.on('error', () => {});

  const received = () => Buffer.concat(chunks, total);

  return {
    appPath,
    readerPath,
    received,
    arrivals: () => chunks.map((bytes, i) => ({ at: stamps[i]!, bytes })),
    frames(size) {
      const frames: Array<{ at: number; hex: string }> = [];
      let pending = Buffer.alloc(0);
      chunks.forEach((chunk, i) => {
        pending = Buffer.concat([pending, chunk]);
        for (; pending.length >= size; pending = pending.subarray(size)) {
          frames.push({ at: stamps[i]!, hex: pending.subarray(0, size).toString('hex') });
        }
      });
      return frames;
    },
    async waitForFrames(this: RelayPty, size, count, timeoutMs = 2_000) {
      await this.waitForBytes(size * count, timeoutMs).catch((error: Error) => {
        const seen = this.frames(size).map((f) => f.hex);
        throw new Error(`relay reader got ${seen.length} of ${count} frames: ${seen.join(' ')} (${error.message})`);
      });
      return this.frames(size);
    },
    write(bytes) {
      // A second descriptor on the reader's tty, without making it this process's controlling terminal.
      writer ??= openSync(readerPath, constants.O_WRONLY | constants.O_NOCTTY);
      writeSync(writer, bytes);
    },
    waitForBytes(n, timeoutMs = 2_000) {
      if (total >= n) return Promise.resolve(received());
      return new Promise((resolve, reject) => {
        const wake = () => {
          if (total < n) return;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(received());
        };
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(
            new Error(`relay reader got ${total} of ${n} bytes in ${timeoutMs} ms: ${received().toString('hex')}`),
          );
        }, timeoutMs);
        waiters.add(wake);
      });
    },
    async close() {
      if (writer !== null) closeSync(writer);
      writer = null;
      if (!(await waitForExit(socat, 0))) {
        socat.kill('SIGTERM');
        if (!(await waitForExit(socat, 2_000))) {
          socat.kill('SIGKILL');
          await waitForExit(socat, 2_000);
        }
      }
      // The reader's pending read returns (EIO) once socat is gone, so destroy() can finish now; the
      // bound only keeps a stuck read from hanging a test's teardown.
      await new Promise<void>((resolve) => {
        if (reader.closed) return resolve();
        const timer = setTimeout(resolve, 2_000);
        reader.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
        reader.destroy();
      });
    },
  };
}
