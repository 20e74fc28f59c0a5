import { SerialPort } from 'serialport';
import { CodedError } from '../ipc/dispatcher';
import type { RelayCommands } from './relay-protocols';

/**
 * What the door relay needs of a serial port. The real one is serialport; tests of the relay's rules
 * inject their own, and the relay's bytes are tested over a real pseudo-terminal pair.
 */
export interface RelayPort {
  /** Resolves once the bytes have left (drained), rejects with the system's reason. */
  write(bytes: Buffer): Promise<void>;
  /** Sets modem lines (DTR/RTS) for adapters wired straight to a relay driver. */
  setLines(lines: { dtr?: boolean; rts?: boolean }): Promise<void>;
  /** Waits for the board's answer to the last command; rejects if it does not come in time. */
  expect(bytes: Buffer, timeoutMs: number): Promise<void>;
  /** Called once when the port goes away (unplugged, closed by the system). */
  onLost(listener: (reason: string) => void): void;
  close(): Promise<void>;
}

export type RelayPortFactory = (path: string, serial: RelayCommands['serial']) => Promise<RelayPort>;

const unavailable = (what: string, err: Error) => new CodedError('RELAY_UNAVAILABLE', `${what}: ${err.message}`);

/** A write that has not drained by then is a board that is gone (or a line held by flow control). */
const WRITE_TIMEOUT_MS = 2_000;

/** The production factory: a real serial port through serialport. */
export const openSerialRelayPort: RelayPortFactory = async (path, serial) => {
  const port = new SerialPort({ path, ...serial, autoOpen: false, hupcl: false });
  await new Promise<void>((resolve, reject) =>
    port.open((err) => (err ? reject(unavailable(`cannot open relay ${path}`, err)) : resolve())),
  );
  let received = Buffer.alloc(0);
  port.on('data', (chunk: Buffer) => {
    received = Buffer.concat([received, chunk]).subarray(-256);
  });
  const lostListeners: Array<(reason: string) => void> = [];
  let lost = false;
  const lose = (reason: string) => {
    if (lost) return;
    lost = true;
    for (const l of lostListeners) l(reason);
  };
  port.on('close', (err?: { disconnected?: boolean; message?: string }) =>
    lose(err?.disconnected ? 'device disconnected' : (err?.message ?? 'port closed')),
  );
  port.on('error', (err: Error) => lose(err.message));
  return {
    write: (bytes) =>
      new Promise((resolve, reject) => {
        // serialport queues a write or drain on a closed port until it is opened again, which would be
        // never: a pulse or close() would hang. Closed includes a disconnect whose "close" is pending.
        if (!port.isOpen) return reject(new CodedError('RELAY_UNAVAILABLE', 'relay write failed: port is closed'));
        received = Buffer.alloc(0);
        const timer = setTimeout(
          () => reject(new CodedError('RELAY_UNAVAILABLE', `relay write did not complete in ${WRITE_TIMEOUT_MS} ms`)),
          WRITE_TIMEOUT_MS,
        );
        const done = (err?: Error | null) => {
          clearTimeout(timer);
          if (err) reject(unavailable('relay write failed', err));
          else resolve();
        };
        port.write(bytes, (err) => (err ? done(err) : port.drain(done)));
      }),
    setLines: (lines) =>
      new Promise((resolve, reject) => {
        if (!port.isOpen) return reject(new CodedError('RELAY_UNAVAILABLE', 'relay modem lines: port is closed'));
        port.set(lines, (err) => (err ? reject(unavailable('relay modem lines', err)) : resolve()));
      }),
    expect: async (bytes, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      while (!received.includes(bytes)) {
        if (Date.now() >= deadline) {
          throw new CodedError('RELAY_UNAVAILABLE', `relay did not confirm (expected ${bytes.toString('hex')})`);
        }
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    onLost: (listener) => void lostListeners.push(listener),
    close: () =>
      new Promise((resolve) => {
        lost = true; // our own close is not a loss
        if (!port.isOpen) return resolve();
        port.close(() => resolve());
      }),
  };
};
