import { CodedError } from '../core/ipc/dispatcher';
import { adminCommand } from './commands/admin';
import { analyzeCommand } from './commands/analyze';
import { doctorCommand } from './commands/doctor';
import { enrollCommand } from './commands/enroll';
import { logCommand } from './commands/log';
import { forgetCommand, peopleCommand } from './commands/people';
import { relayCommand } from './commands/relay';
import { secretCommand } from './commands/secret';
import { defaultIo, parseCommandArgs, type CliIo, type Command } from './commands/shared';
import { simulateCommand } from './commands/simulate';
import { syncCommand } from './commands/sync';
import { verifyCommand } from './commands/verify';
import { COMMAND_TABLE, isCommandName, type CommandName } from './command-table';
import { commandUsage, overviewUsage, wantsHelp } from './usage';

/** The overview `facegate help` prints, made from the command table. */
export const USAGE = overviewUsage();

const COMMANDS: Record<CommandName, Command> = {
  verify: verifyCommand,
  enroll: enrollCommand,
  people: peopleCommand,
  forget: forgetCommand,
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
  if (!command) {
    cliIo.print(USAGE);
    return 2;
  }
  // `facegate help [command]`, `facegate --help`, `facegate -h`.
  const topic = command === 'help' || command === '--help' || command === '-h' ? (rest[0] ?? null) : command;
  if (topic === null) {
    cliIo.print(USAGE);
    return 0;
  }
  if (!isCommandName(topic)) {
    cliIo.print(`unknown command: ${topic}\n\n${USAGE}`);
    return 2;
  }
  if (topic !== command || wantsHelp(topic, rest)) {
    cliIo.print(commandUsage(topic));
    return 0;
  }
  // The table is the one list of what a command takes: anything else is refused here, alike for every
  // command (analyze too, which parses its arguments again itself).
  const spec = COMMAND_TABLE[topic];
  parseCommandArgs({ args: rest, options: spec.options, allowPositionals: spec.positionals });
  return COMMANDS[topic](rest, cliIo);
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
