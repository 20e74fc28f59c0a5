import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { relaySettingsSchema } from '../../../../electron/common/relay-settings';
import { createDoorRelay, type DoorRelay, type RelayHealth } from '../../../../electron/core/relay/door-relay';
import { startRelayPty, type RelayPty } from '../../../fakes/relay-pty';

/** Polls until check() holds; fails with `what` after timeoutMs (generous: a loaded CI box is slow, a hang is forever). */
export async function waitFor(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** A folder, the socat pairs started in it and the relays built on them; cleanup() undoes all of it. */
export class RelayBench {
  readonly dir = mkdtempSync(join(tmpdir(), 'facegate-relay-'));
  /** Every health the relays reported through onHealth, in order. */
  readonly healths: RelayHealth[] = [];
  private readonly ptys: RelayPty[] = [];
  private readonly relays: DoorRelay[] = [];

  /** Starts socat on this folder's link paths: the first time the board is plugged, or plugged back. */
  async plug(): Promise<RelayPty> {
    const pty = await startRelayPty(this.dir);
    this.ptys.push(pty);
    return pty;
  }

  /** A relay built from settings the way the app builds it; port defaults to the socat app side. */
  relay(settings: Record<string, unknown>): DoorRelay {
    const parsed = relaySettingsSchema.parse({ port: join(this.dir, 'relay-app'), reconnectMs: 100, ...settings });
    const relay = createDoorRelay(parsed, { onHealth: (h) => this.healths.push(h) });
    this.relays.push(relay);
    return relay;
  }

  async cleanup(): Promise<void> {
    // Relays first (their last rest command still has somewhere to go), then every socat, by its PID.
    await Promise.allSettled(this.relays.map((r) => r.close()));
    for (const pty of this.ptys) await pty.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/**
 * Plays a board that confirms its commands: for each frame of frameSize bytes that reaches the reader
 * side (the first `limit` of them), writes `reply` back. Returns a function that stops answering.
 */
export function answerFrames(pty: RelayPty, frameSize: number, reply: Buffer, limit = Infinity): () => void {
  let answered = 0;
  const timer = setInterval(() => {
    const n = Math.min(limit, pty.frames(frameSize).length);
    for (; answered < n; answered++) pty.write(reply);
  }, 5);
  return () => clearInterval(timer);
}

/** The promise, or a failure naming `what` if it has not settled within ms (a hang is a test failure). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
