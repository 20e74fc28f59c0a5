import { CodedError } from '../core/ipc/dispatcher';
import { adminCommand } from './commands/admin';
import { analyzeCommand } from './commands/analyze';
import { doctorCommand } from './commands/doctor';
import { logCommand } from './commands/log';
import { relayCommand } from './commands/relay';
import { secretCommand } from './commands/secret';
import { defaultIo, type CliIo, type Command } from './commands/shared';
import { simulateCommand } from './commands/simulate';
import { syncCommand } from './commands/sync';
import { verifyCommand } from './commands/verify';

export const USAGE = `facegate <command> [options]

Commands:
  verify <image> [--open-door]   Verify a photo as the kiosk would; logged with source "cli".
                                 Exit 0 granted, 1 denied, 2 error. The door opens only with --open-door.
  log [--since ISO] [--format json|csv]
                                 The attempt log, oldest first.
  sync                           Resolve attempts queued while the verify service was unreachable.
  doctor                         Check settings, database, admin PIN, token, service and relay; a hint for each failure.
  secret set|delete clientSecret Store the client secret sealed in the data folder (value on stdin).
  admin set-pin | status         Set the admin screen's PIN (6-12 digits on stdin; clears a lockout),
                                 or show whether one is set and whether it is locked out.
  relay ports                    List the serial devices of this machine.
  relay pulse --port PATH [--protocol lcus|aabb|custom|dtr|rts] [--channel N] [--ms N]
              [--baud N] [--on HEX --off HEX [--reply HEX]]
                                 Open the door once and report each command written and when.
  analyze <images...> [--frame WxH]
                                 What the kiosk's quality gate makes of each image as a camera frame, with
                                 the measures behind it; --frame first makes a photo a kiosk-like frame
                                 (portrait: top 4:3 crop, else letterbox). Exit 0 all pass, 1 some
                                 refused, 2 unreadable.
  simulate --camera <file.y4m> [--screenshot out.png] [--wait-ms N]
                                 Run the kiosk in headless Chromium with a video file as its camera;
                                 prints each state change and the decision (exit codes as verify).

Options:
  --json                one JSON document on stdout
  --data-dir DIR        settings.json, facegate.db, secrets and logs
                        (default: $FACEGATE_DATA_DIR, else ~/.config/facegate)
  --verify-url U --token-url U --client-id I --image-field F --timeout-ms N --relay-port PATH
  --client-secret S     (or $FACEGATE_CLIENT_SECRET, or the sealed store)
`;

const COMMANDS: Record<string, Command> = {
  verify: verifyCommand,
  log: logCommand,
  sync: syncCommand,
  doctor: doctorCommand,
  secret: secretCommand,
  admin: adminCommand,
  relay: relayCommand,
  simulate: simulateCommand,
  analyze: analyzeCommand,
};

export async function main(argv: string[], io: CliIo | ((line: string) => void) = defaultIo): Promise<number> {
  const cliIo: CliIo = typeof io === 'function' ? { ...defaultIo, print: io } : io;
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help') {
    cliIo.print(USAGE);
    return command ? 0 : 2;
  }
  const run = COMMANDS[command];
  if (!run) {
    cliIo.print(`unknown command: ${command}\n\n${USAGE}`);
    return 2;
  }
  return run(rest, cliIo);
}

/** Errors reach the operator as one line with a code, never a stack trace. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    process.exitCode = await main(argv);
  } catch (error) {
    const code =
      error instanceof CodedError
        ? error.code
        : (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
          ? 'INVALID_REQUEST'
          : 'INTERNAL_ERROR';
    console.error(`facegate: ${code}: ${(error as Error).message}`);
    process.exitCode = 2;
  }
}
