import { parseArgs } from 'node:util';
import {
  COMMAND_NAMES,
  COMMAND_TABLE,
  DATA_DIR_OPTION,
  JSON_OPTION,
  SERVICE_OPTIONS,
  type CommandName,
  type OptionSpec,
  type OptionTable,
} from './command-table';

// The help text, printed from the command table (command-table.ts), never written by hand.

const INDENT = '  ';

const optionLabel = (name: string, spec: OptionSpec) =>
  `--${name}${spec.value ? ` ${spec.value}` : ''}${spec.short ? `, -${spec.short}` : ''}`;

/** Taken by every command, and answered before it runs (index.ts). */
const HELP_OPTION = { help: { type: 'boolean', short: 'h', help: 'this help' } } as const satisfies OptionTable;

function optionLines(options: OptionTable, indent: string): string[] {
  const entries = Object.entries(options);
  const width = Math.max(...entries.map(([name, spec]) => optionLabel(name, spec).length)) + 2;
  return entries.map(([name, spec]) => `${indent}${optionLabel(name, spec).padEnd(width)}${spec.help}`);
}

const commandsWith = (option: OptionSpec) =>
  COMMAND_NAMES.filter((name) => Object.values(COMMAND_TABLE[name].options as OptionTable).includes(option));

/** Options several commands share, shown once at the end of the overview, each with the commands that take it. */
const SHARED: Array<{ title: string; options: OptionTable }> = [
  {
    title: 'Settings over settings.json',
    options: Object.fromEntries(
      Object.entries(SERVICE_OPTIONS).filter(([name]) => !(name in DATA_DIR_OPTION) && !(name in JSON_OPTION)),
    ),
  },
  { title: 'Data folder', options: DATA_DIR_OPTION },
  { title: 'Output', options: JSON_OPTION },
];

const isShared = (option: OptionSpec) => SHARED.some((group) => Object.values(group.options).includes(option));

/** `facegate <command> --help`: how to call it, what it does, and every option it takes. */
export function commandUsage(name: CommandName): string {
  const spec = COMMAND_TABLE[name];
  const [first, ...more] = spec.synopsis;
  return [
    `facegate ${first}`,
    ...more.map((line) => `         ${line}`),
    '',
    spec.about,
    '',
    'Options:',
    ...optionLines({ ...spec.options, ...HELP_OPTION }, INDENT),
    '',
  ].join('\n');
}

/** `facegate help`: every command with its own options, then the shared options with who takes them. */
export function overviewUsage(): string {
  const lines = [
    'facegate <command> [options]',
    'facegate <command> --help    the usage of one command',
    '',
    'Commands:',
  ];
  for (const name of COMMAND_NAMES) {
    const spec = COMMAND_TABLE[name];
    lines.push(...spec.synopsis.map((line) => `${INDENT}${line}`));
    lines.push(...spec.about.split('\n').map((line) => `${INDENT.repeat(3)}${line}`));
    const own = Object.fromEntries(
      Object.entries(spec.options as OptionTable).filter(([, option]) => !isShared(option)),
    );
    if (Object.keys(own).length > 0) lines.push(...optionLines(own, INDENT.repeat(3)));
  }
  for (const group of SHARED) {
    const takers = commandsWith(Object.values(group.options)[0]!);
    lines.push('', `${group.title} (${takers.join(', ')}):`, ...optionLines(group.options, INDENT));
  }
  lines.push('');
  return lines.join('\n');
}

/**
 * Whether the arguments ask for help (--help or -h, before any "--"), read the way the command's
 * parser reads them: a value that happens to be "--help" (`--client-secret --help`) is a value.
 */
export function wantsHelp(name: CommandName, args: readonly string[]): boolean {
  const { tokens } = parseArgs({
    args: [...args],
    options: { ...(COMMAND_TABLE[name].options as OptionTable), ...HELP_OPTION },
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  return tokens.some((token) => token.kind === 'option' && token.name === 'help');
}
