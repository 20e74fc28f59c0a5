import { readFileSync } from 'node:fs';
import { CodedError } from '../../core/ipc/dispatcher';
import { createDoorRelay, NoRelay, type DoorRelay } from '../../core/relay/door-relay';
import { sniffImageMime } from '../../core/verifier/image-check';
import { resolveCliContext, serviceFlags } from '../cli-context';
import { createCliServices, exitFor, parseCommandArgs, type Command } from './shared';

/**
 * The door for `verify --open-door`. A one-shot CLI closes its services right after answering, and a
 * relay closed mid-pulse sends "off" at once: the door would be open for a millisecond. This holds it
 * for the full pulseMs first. The inner relay's own off-timer is set far beyond that (only a safety
 * net) so it never races the close: close() itself sends "off" and drains it before the port closes.
 */
class HeldDoorRelay implements DoorRelay {
  readonly fitted: boolean;
  private openedAt: number | null = null;

  constructor(
    private readonly inner: DoorRelay,
    private readonly pulseMs: number,
  ) {
    this.fitted = inner.fitted;
  }

  static fromSettings(relay: { port: string; pulseMs: number }): HeldDoorRelay {
    return new HeldDoorRelay(createDoorRelay({ port: relay.port, pulseMs: relay.pulseMs + 60_000 }), relay.pulseMs);
  }

  async pulse(): Promise<void> {
    await this.inner.pulse();
    this.openedAt = performance.now();
  }

  async close(): Promise<void> {
    if (this.openedAt !== null) {
      const left = this.openedAt + this.pulseMs - performance.now();
      if (left > 0) await new Promise((resolve) => setTimeout(resolve, left));
    }
    await this.inner.close();
  }
}

/**
 * `facegate verify <image>`: the same path as a kiosk attempt (verifier, decision, SQLite log with
 * source "cli"), never refused by the kiosk's cooldown. The door opens only with --open-door.
 */
export const verifyCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: { ...serviceFlags, 'open-door': { type: 'boolean', default: false } },
    allowPositionals: true,
  });
  const [imagePath] = positionals;
  if (!imagePath || positionals.length > 1) throw new CodedError('INVALID_REQUEST', 'usage: facegate verify <image>');
  let image: Uint8Array;
  try {
    image = new Uint8Array(readFileSync(imagePath));
  } catch (error) {
    throw new CodedError('FAILED_TO_READ_IMAGE', `cannot read ${imagePath}: ${(error as Error).message}`);
  }
  const context = resolveCliContext(values);
  const services = createCliServices(
    context,
    values['open-door'] ? HeldDoorRelay.fromSettings(context.settings.relay) : new NoRelay(),
  );
  try {
    // Not PNG or JPEG by its bytes: still attempted (and logged), and refused without a request.
    const mime = sniffImageMime(image) ?? 'image/jpeg';
    const d = await services.controller.attempt(image, mime, { source: 'cli', openDoor: values['open-door'] ?? false });
    const summary = {
      decision: d.decision,
      code: d.code,
      user: d.user ?? null,
      confidence: d.confidence ?? null,
      online: d.online,
      latencyMs: d.latencyMs,
      attemptId: d.attemptId,
      doorOpened: d.doorOpened,
    };
    if (values.json) io.print(JSON.stringify(summary));
    else {
      io.print(`decision: ${d.decision} (${d.code})`);
      if (d.user)
        io.print(
          `user: ${d.user.userId}${d.user.name ? ` ${d.user.name}` : ''}${d.user.email ? ` <${d.user.email}>` : ''}`,
        );
      if (d.confidence !== undefined) io.print(`confidence: ${d.confidence}`);
      io.print(
        `online: ${d.online}  latency: ${d.latencyMs} ms  attempt: ${d.attemptId}  door: ${d.doorOpened ? 'opened' : 'shut'}`,
      );
    }
    return exitFor(d.decision);
  } finally {
    await services.close();
  }
};
