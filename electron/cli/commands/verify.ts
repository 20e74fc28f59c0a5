import { readFileSync } from 'node:fs';
import { CodedError } from '../../core/ipc/dispatcher';
import { createDoorRelay, NoRelay } from '../../core/relay/door-relay';
import { sniffImageMime } from '../../core/verifier/image-check';
import { resolveCliContext } from '../cli-context';
import { COMMAND_TABLE } from '../command-table';
import { restOnStopSignals } from '../stop-signals';
import { createCliServices, exitFor, parseCommandArgs, type Command } from './shared';

/**
 * `facegate verify <image>`: the same path as a kiosk attempt (verifier, decision, SQLite log with
 * source "cli"), never refused by the kiosk's cooldown. The door opens only with --open-door.
 */
export const verifyCommand: Command = async (args, io) => {
  const { values, positionals } = parseCommandArgs({
    args,
    options: COMMAND_TABLE.verify.options,
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
  const relay = values['open-door'] ? createDoorRelay(context.settings.relay) : new NoRelay();
  // Ctrl-C, SIGTERM or SIGHUP while the door is held open: rest it, then exit (128 + the signal).
  const release = relay.fitted ? restOnStopSignals(() => relay.close()) : () => {};
  let services: ReturnType<typeof createCliServices> | null = null;
  try {
    // Opened (and put to rest) before the attempt, so a grant's pulse is not held up by the open.
    await relay.start();
    services = createCliServices(context, relay);
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
    // A one-shot command must not cut a door pulse short by quitting: let it run its openMs first.
    await relay.settle();
    await (services ? services.close() : relay.close());
    release();
  }
};
