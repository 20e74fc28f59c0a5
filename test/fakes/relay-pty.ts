import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createReadStream, existsSync, rmSync, type ReadStream } from 'node:fs';
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
  /** Resolves with everything received once at least n bytes have arrived; rejects after timeoutMs. */
  waitForBytes(n: number, timeoutMs?: number): Promise<Buffer>;
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
  let total = 0;
  const waiters = new Set<() => void>();
  const reader: ReadStream = createReadStream(readerPath);
  reader.on('data', (chunk) => {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
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
