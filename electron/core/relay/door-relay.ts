import type { RelaySettings } from '../../common/relay-settings';
import { CodedError } from '../ipc/dispatcher';
import type { Logger } from '../logger';
import { openSerialRelayPort, type RelayPort, type RelayPortFactory } from './relay-port';
import { relayCommands, type RelayAction, type RelayCommands } from './relay-protocols';

export interface RelayHealth {
  /** A relay is configured at all. */
  fitted: boolean;
  /** The board answers: the port is open and the contact was put to rest. */
  connected: boolean;
  /** For the operator: which board on which port, or why it is unavailable. */
  detail: string;
}

/** The door as main sees it: pulse() opens it for a while and closes it again by itself. */
export interface DoorRelay {
  readonly fitted: boolean;
  /** Opens the port and puts the contact to rest; never throws (a missing board is a health state). */
  start(): Promise<void>;
  /** Resolves once "open" has reached the board; "close" follows after ms. A pulse in progress is extended. */
  pulse(ms?: number): Promise<void>;
  health(): RelayHealth;
  /** Resolves when no pulse is in progress (its close command written, or failed). */
  settle(): Promise<void>;
  /** Puts the contact to rest and closes the port. */
  close(): Promise<void>;
}

/** A relay that is not fitted: pulse() reports it, so the decision and the log say the door did not open. */
export class NoRelay implements DoorRelay {
  readonly fitted = false;
  async start(): Promise<void> {}
  async pulse(): Promise<void> {
    throw new CodedError('RELAY_UNAVAILABLE', 'no relay port configured');
  }
  health(): RelayHealth {
    return { fitted: false, connected: false, detail: 'no door relay configured' };
  }
  async settle(): Promise<void> {}
  async close(): Promise<void> {}
}

export interface SerialRelayOptions {
  path: string;
  /** Default: LCUS channel 1. */
  commands?: RelayCommands;
  openMs: number;
  reconnectMs?: number;
  factory?: RelayPortFactory;
  onHealth?: (health: RelayHealth) => void;
  log?: Logger;
}

/**
 * A relay board on a serial port. The rules, whatever the board:
 * - the contact is put to rest when the port is opened (at start and on every reconnection), when we
 *   quit, after any failed or unconfirmed command, and by a timer in this process after each pulse;
 * - a grant during a pulse extends it (the close is re-armed), it never stacks commands;
 * - a board that is missing or goes away is a health state, retried every reconnectMs until it is
 *   back, without a restart; meanwhile grants are logged with RELAY_UNAVAILABLE.
 */
export class SerialDoorRelay implements DoorRelay {
  readonly fitted = true;
  private port: RelayPort | null = null;
  private connecting: Promise<RelayPort> | null = null;
  private offTimer: NodeJS.Timeout | null = null;
  private offAt = 0;
  private offWrite: Promise<void> | null = null;
  /** Pulses run one after another: a grant that comes while "open" is on its way joins that pulse. */
  private pulses: Promise<void> = Promise.resolve();
  /** Resolved when the pulse in progress has ended; settle() waits on it. */
  private pulseEnded: { promise: Promise<void>; resolve: () => void } | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private closed = false;
  private state: RelayHealth;
  private readonly factory: RelayPortFactory;
  private readonly commands: RelayCommands;

  constructor(private readonly options: SerialRelayOptions) {
    this.factory = options.factory ?? openSerialRelayPort;
    this.commands = options.commands ?? relayCommands({ protocol: 'lcus', channel: 1, baudRate: 9600 });
    this.state = { fitted: true, connected: false, detail: `door controller not opened yet (${options.path})` };
  }

  health(): RelayHealth {
    return { ...this.state };
  }

  async settle(): Promise<void> {
    await this.pulseEnded?.promise;
    await this.offWrite;
  }

  async start(): Promise<void> {
    if (this.port || this.closed) return;
    try {
      await this.connect();
    } catch (error) {
      this.unavailable((error as Error).message);
    }
  }

  pulse(ms = this.options.openMs): Promise<void> {
    const until = Date.now() + ms;
    const run = this.pulses.then(() => this.runPulse(ms, until));
    this.pulses = run.catch(() => {});
    return run;
  }

  private async runPulse(ms: number, until: number): Promise<void> {
    if (this.closed) throw new CodedError('RELAY_UNAVAILABLE', 'relay is shut down');
    // A pulse that is closing finishes first, so its end cannot be taken for the end of this one.
    await this.offWrite;
    if (this.offTimer && this.port) {
      // Already open: keep it open until ms from this grant (if that is later), without a second "open".
      this.armOff(this.port, Math.max(until, this.offAt) - Date.now());
      return;
    }
    let port: RelayPort;
    try {
      port = this.port ?? (await this.connect());
    } catch (error) {
      // Missing board: a health state like at start, retried by the reconnect timer.
      const reason = (error as Error).message;
      this.unavailable(reason);
      throw error instanceof CodedError ? error : new CodedError('RELAY_UNAVAILABLE', reason);
    }
    try {
      await this.send(port, this.commands.on);
    } catch (error) {
      // The board may or may not have switched: put it to rest, then treat the port as lost.
      await this.send(port, this.commands.off).catch(() => {});
      this.lost(port, (error as Error).message);
      throw error instanceof CodedError ? error : new CodedError('RELAY_UNAVAILABLE', (error as Error).message);
    }
    // Shut down while "open" was on its way: close() sends the rest command once this pulse is done.
    if (this.closed) return;
    this.armOff(port, ms);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.reconnectTimer) clearInterval(this.reconnectTimer);
    this.reconnectTimer = null;
    // A pulse whose "open" is on its way, or a port being opened, ends first: the rest command goes last.
    await this.pulses;
    await this.connecting?.catch(() => {});
    if (this.offTimer) clearTimeout(this.offTimer);
    this.offTimer = null;
    await this.offWrite;
    const port = this.port;
    this.port = null;
    if (port) {
      // Never leave the door open because we are shutting down.
      await this.send(port, this.commands.off).catch(() => {});
      await port.close();
    }
    this.endPulse();
  }

  private armOff(port: RelayPort, ms: number): void {
    if (this.offTimer) clearTimeout(this.offTimer);
    if (!this.pulseEnded) {
      let resolve: () => void = () => {};
      const promise = new Promise<void>((r) => (resolve = r));
      this.pulseEnded = { promise, resolve };
    }
    this.offAt = Date.now() + ms;
    this.offTimer = setTimeout(() => {
      this.offTimer = null;
      this.offWrite = this.send(port, this.commands.off)
        .catch((error: unknown) => this.lost(port, `close command failed: ${(error as Error).message}`))
        .finally(() => {
          this.offWrite = null;
          this.endPulse();
        });
    }, ms);
  }

  private endPulse(): void {
    this.pulseEnded?.resolve();
    this.pulseEnded = null;
  }

  /** Opens the port and rests the contact, once at a time (two opens of one tty fail with "Cannot lock port"). */
  private connect(): Promise<RelayPort> {
    this.connecting ??= this.openAndRest().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async openAndRest(): Promise<RelayPort> {
    const { path } = this.options;
    const commands = this.commands;
    const port = await this.factory(path, commands.serial);
    try {
      await this.send(port, commands.off);
    } catch (error) {
      await port.close().catch(() => {});
      throw error;
    }
    if (this.closed) {
      await port.close();
      throw new CodedError('RELAY_UNAVAILABLE', 'relay is shut down');
    }
    port.onLost((reason) => this.lost(port, reason));
    this.port = port;
    if (this.reconnectTimer) clearInterval(this.reconnectTimer);
    this.reconnectTimer = null;
    this.setHealth({ fitted: true, connected: true, detail: `${commands.describe} on ${path}` });
    return port;
  }

  private async send(port: RelayPort, action: RelayAction): Promise<void> {
    if ('bytes' in action) await port.write(action.bytes);
    else await port.setLines(action.lines);
    const reply = this.commands.reply;
    if (reply) await port.expect(reply.bytes, reply.timeoutMs);
  }

  private lost(port: RelayPort, reason: string): void {
    if (this.port !== port) return;
    this.port = null;
    if (this.offTimer) clearTimeout(this.offTimer);
    this.offTimer = null;
    this.endPulse();
    void port.close().catch(() => {});
    this.unavailable(reason);
  }

  private unavailable(reason: string): void {
    if (this.closed) return;
    this.setHealth({ fitted: true, connected: false, detail: `door controller unavailable: ${reason}` });
    if (this.reconnectTimer) return;
    // Poll for the board to come back; the first successful open rests the contact before anything else.
    this.reconnectTimer = setInterval(() => {
      if (this.port || this.connecting) return;
      this.connect().catch(() => {});
    }, this.options.reconnectMs ?? 2_000);
    this.reconnectTimer.unref();
  }

  private setHealth(health: RelayHealth): void {
    const changed = health.connected !== this.state.connected || health.detail !== this.state.detail;
    this.state = health;
    if (!changed) return;
    this.options.log?.[health.connected ? 'info' : 'warn']({ relay: health }, 'door relay');
    this.options.onHealth?.(health);
  }
}

export interface CreateRelayDeps {
  factory?: RelayPortFactory;
  onHealth?: (health: RelayHealth) => void;
  log?: Logger;
}

export function createDoorRelay(settings: RelaySettings, deps: CreateRelayDeps = {}): DoorRelay {
  if (!settings.port) return new NoRelay();
  return new SerialDoorRelay({
    path: settings.port,
    commands: relayCommands(settings),
    openMs: settings.openMs,
    reconnectMs: settings.reconnectMs,
    ...deps,
  });
}
