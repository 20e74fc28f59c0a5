import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { COMMAND_NAMES, COMMAND_TABLE, type OptionTable } from '../../../electron/cli/command-table';
import { cli, makeDataDir, removeDataDir, runBin } from './cli-harness';

// The help of every command comes from the command table, the same objects its parser takes: so
// `<command> --help` names every option the command accepts, and the overview names them all too.

let dataDir: string;
beforeEach(() => {
  dataDir = makeDataDir();
});
afterEach(() => removeDataDir(dataDir));

const optionsOf = (name: (typeof COMMAND_NAMES)[number]) => Object.keys(COMMAND_TABLE[name].options as OptionTable);

describe('<command> --help', () => {
  it.each(COMMAND_NAMES)('%s --help and -h print its usage, naming every option it takes, and exit 0', async (name) => {
    for (const flag of ['--help', '-h']) {
      const run = await cli([name, flag]);
      expect(run.code).toBe(0);
      const text = run.lines.join('\n');
      expect(text.startsWith(`facegate ${name}`)).toBe(true);
      for (const option of optionsOf(name)) expect(text).toContain(`--${option}`);
    }
    expect((await cli(['help', name])).lines).toEqual((await cli([name, '--help'])).lines);
  });

  it('prints the help even among other arguments, but not when "--help" is the value of an option', async () => {
    expect((await cli(['verify', 'photo.jpg', '--open-door', '--help'])).code).toBe(0);
    expect((await cli(['relay', 'pulse', '--port', '/dev/null', '-h'])).lines[0]).toMatch(/^facegate relay ports\n/);
    // Here "--help" is the value of --client-secret: no help. The parser asks for it as --client-secret=--help,
    // and verify then runs (and stops on the missing image).
    await expect(cli(['verify', '--client-secret', '--help'])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining("'--client-secret' argument is ambiguous"),
    });
    await expect(cli(['verify', '--client-secret=--help'])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: 'usage: facegate verify <image>',
    });
  });

  it('works through the built CLI: exit 0, usage on stdout', async () => {
    const run = await runBin(['relay', 'pulse', '--help']);
    expect(run).toMatchObject({ code: 0, stderr: '' });
    expect(run.stdout).toMatch(/^facegate relay ports\n/);
    expect(run.stdout).toContain('--data-dir DIR');
  });
});

describe('facegate help', () => {
  it('names every option of every command, --client-secret and --open-door included', async () => {
    const run = await cli(['help']);
    expect(run.code).toBe(0);
    const text = run.lines.join('\n');
    for (const name of COMMAND_NAMES) {
      expect(text).toContain(`  ${COMMAND_TABLE[name].synopsis[0]}`);
      for (const option of optionsOf(name)) expect(text, `${name} --${option}`).toContain(`--${option}`);
    }
    expect(text).toMatch(/--client-secret S\s+the client secret/);
    expect(text).toMatch(/--open-door\s+pulse the relay/);
  });

  it('answers an unknown command, and help on one, with the overview and exit 2', async () => {
    for (const args of [['frobnicate'], ['help', 'frobnicate']]) {
      const run = await cli(args);
      expect(run.code).toBe(2);
      expect(run.lines.join('\n')).toMatch(/^unknown command: frobnicate\n\nfacegate <command>/);
    }
  });
});

describe('the options a command accepts', () => {
  it.each(COMMAND_NAMES)('%s refuses an option it does not take as INVALID_REQUEST', async (name) => {
    await expect(cli([name, '--no-such-option', '--data-dir', dataDir])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining("Unknown option '--no-such-option'"),
    });
  });

  it('relay pulse takes --data-dir (README: every command does)', async () => {
    // Accepted: the command goes on to say what is really missing, the port.
    await expect(cli(['relay', 'pulse', '--data-dir', dataDir])).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringMatching(/--port/),
    });
  });

  it("analyze's own parser takes every option its help names", async () => {
    // analyze parses its arguments itself: each option of its table entry gets through to the usage
    // error for the missing images, never "Unknown option".
    for (const option of optionsOf('analyze')) {
      const value = COMMAND_TABLE.analyze.options[option as keyof typeof COMMAND_TABLE.analyze.options];
      const args =
        value.type === 'string' ? [`--${option}`, option === 'frame' ? '640x480' : dataDir] : [`--${option}`];
      await expect(cli(['analyze', ...args])).rejects.toMatchObject({
        code: 'INVALID_REQUEST',
        message: expect.stringMatching(/^usage: facegate analyze/),
      });
    }
  });
});
