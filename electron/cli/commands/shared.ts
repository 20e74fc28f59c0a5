import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { CodedError } from '../../core/ipc/dispatcher';
import { createKioskServices, type KioskServices } from '../../core/kiosk-services';
import { createLogger } from '../../core/logger';
import { NoRelay, type DoorRelay } from '../../core/relay/door-relay';
import type { CliContext } from '../cli-context';
import { packageRoot } from '../package-root';

/** How a command talks to the world: lines out, and stdin in (for secrets, never argv). */
export interface CliIo {
  print(line: string): void;
  readStdin(): Promise<string>;
}

export const defaultIo: CliIo = {
  print: (line) => console.log(line),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

export type Command = (args: string[], io: CliIo) => Promise<number>;

export function version(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** Exit codes shared by verify and simulate: 0 granted, 1 denied, 2 error (or nothing decided). */
export const exitFor = (decision: string | undefined): number =>
  decision === 'granted' ? 0 : decision === 'denied' ? 1 : 2;

/**
 * util.parseArgs, with its usage errors (unknown option, option without its value, stray argument)
 * reported as INVALID_REQUEST like every other mistake on the command line, not as INTERNAL_ERROR.
 */
export function parseCommandArgs<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    if (String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS_')) {
      throw new CodedError('INVALID_REQUEST', (error as Error).message);
    }
    throw error;
  }
}

/**
 * The services a one-shot command needs: no hourly housekeeping, and no relay unless the command
 * brings one (only `verify --open-door` may move the door).
 */
export function createCliServices(context: CliContext, relay: DoorRelay = new NoRelay()): KioskServices {
  return createKioskServices({
    ...context,
    log: createLogger(context.dataDir),
    version: version(),
    housekeeping: false,
    relay,
  });
}
