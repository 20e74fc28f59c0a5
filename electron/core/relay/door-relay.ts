import { SerialPort } from 'serialport';
import { CodedError } from '../ipc/dispatcher';
import { LCUS_SERIAL, lcusFrame } from './lcus-protocol';

/** The door as main sees it: pulse() opens it for a while and closes it again by itself. */
export interface DoorRelay {
  /** Resolves once the "on" frame has reached the port; the "off" frame follows after pulseMs. */
  pulse(): Promise<void>;
  readonly fitted: boolean;
  close(): Promise<void>;
}

export interface SerialRelayOptions {
  path: string;
  pulseMs: number;
  channel?: number;
}

/** A relay that is not fitted: pulse() reports it, so the decision and the log say the door did not open. */
export class NoRelay implements DoorRelay {
  readonly fitted = false;
  async pulse(): Promise<void> {
    throw new CodedError('RELAY_UNAVAILABLE', 'no relay port configured');
  }
  async close(): Promise<void> {}
}

/**
 * An LCUS board on a serial port. The port is opened on first use and reopened after an error, so
 * a board that was unplugged and plugged back in works again on the next attempt.
 */
export class SerialDoorRelay implements DoorRelay {
  readonly fitted = true;
  private port: SerialPort | null = null;
  private offTimer: NodeJS.Timeout | null = null;
  private opening: Promise<SerialPort> | null = null;
  /** The timer's "off" write while it is on its way; close() waits for it rather than cutting it off. */
  private offWrite: Promise<void> | null = null;
  private readonly channel: number;

  constructor(private readonly options: SerialRelayOptions) {
    this.channel = options.channel ?? 1;
  }

  async pulse(): Promise<void> {
    const reused = this.port?.isOpen === true;
    let port = await this.open();
    try {
      await this.write(port, lcusFrame(this.channel, true));
    } catch (error) {
      await this.drop(port);
      // A port held open across an unplug only finds out on its next write (EIO). The board may be
      // back under the same path: reopen once, so this attempt opens the door rather than the next.
      if (!reused) throw error;
      port = await this.open();
      await this.write(port, lcusFrame(this.channel, true)).catch(async (retryError: unknown) => {
        await this.drop(port);
        throw retryError;
      });
    }
    if (this.offTimer) clearTimeout(this.offTimer);
    this.offTimer = setTimeout(() => {
      this.offTimer = null;
      this.offWrite = this.write(port, lcusFrame(this.channel, false))
        .catch(() => this.drop(port))
        .finally(() => {
          this.offWrite = null;
        });
    }, this.options.pulseMs);
  }

  async close(): Promise<void> {
    if (this.offTimer) {
      // Never leave the door open because we are shutting down: send "off" before closing.
      clearTimeout(this.offTimer);
      this.offTimer = null;
      if (this.port?.isOpen) await this.write(this.port, lcusFrame(this.channel, false)).catch(() => {});
    }
    await this.offWrite;
    await this.drop();
  }

  /** Two grants at once share one open: a second open of the same tty fails with "Cannot lock port". */
  private open(): Promise<SerialPort> {
    if (this.port?.isOpen) return Promise.resolve(this.port);
    this.opening ??= this.openPort().finally(() => {
      this.opening = null;
    });
    return this.opening;
  }

  private async openPort(): Promise<SerialPort> {
    const port = new SerialPort({ path: this.options.path, ...LCUS_SERIAL, autoOpen: false });
    await new Promise<void>((resolve, reject) =>
      port.open((err) =>
        err
          ? reject(new CodedError('RELAY_UNAVAILABLE', `cannot open relay ${this.options.path}: ${err.message}`))
          : resolve(),
      ),
    );
    // Scoped to this port: a late error from a port already replaced must not close its successor.
    port.on('error', () => void this.drop(port));
    port.on('close', () => {
      if (this.port === port) this.port = null;
    });
    this.port = port;
    return port;
  }

  private write(port: SerialPort, frame: Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      port.write(frame, (err) => {
        if (err) return reject(new CodedError('RELAY_UNAVAILABLE', `relay write failed: ${err.message}`));
        port.drain((drainErr) =>
          drainErr ? reject(new CodedError('RELAY_UNAVAILABLE', `relay drain failed: ${drainErr.message}`)) : resolve(),
        );
      });
    });
  }

  /** Closes the given port (default: the current one) and forgets it if it is still the current one. */
  private async drop(port: SerialPort | null = this.port): Promise<void> {
    if (this.port === port) this.port = null;
    if (port?.isOpen) await new Promise<void>((resolve) => port.close(() => resolve()));
  }
}

export function createDoorRelay(options: { port: string; pulseMs: number }): DoorRelay {
  return options.port ? new SerialDoorRelay({ path: options.port, pulseMs: options.pulseMs }) : new NoRelay();
}
