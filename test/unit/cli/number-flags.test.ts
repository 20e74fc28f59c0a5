import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { fixturePath } from '../../support/fixtures';
import { attemptRows, cli, makeDataDir, removeDataDir, writeSettings } from './cli-harness';

// Every flag that takes a number (or a date) refuses junk as INVALID_REQUEST, naming the flag, before
// anything is done: never NaN passed on, never "1e3" or "" read as a number, never a date guessed.

const JUNK = ['abc', '', '12abc', '1e3', '0x10', '1.5', ' 5', '-5'];

let dataDir: string;
beforeEach(() => {
  vi.stubEnv('FACEGATE_CLIENT_SECRET', undefined);
  vi.stubEnv('FACEGATE_DATA_DIR', undefined);
  dataDir = makeDataDir();
  writeSettings(dataDir);
});
afterEach(() => {
  vi.unstubAllEnvs();
  removeDataDir(dataDir);
});

const refused = (args: string[], flag: string) =>
  expect(cli(args)).rejects.toMatchObject({
    code: 'INVALID_REQUEST',
    message: expect.stringContaining(`--${flag}`),
  });

describe('relay pulse --ms, --channel, --baud', () => {
  let pty: RelayPty;
  beforeEach(async () => {
    pty = await startRelayPty(dataDir);
  });
  afterEach(async () => {
    await pty.close();
  });

  it.each(['ms', 'channel', 'baud'])('--%s refuses junk, writing nothing', async (flag) => {
    for (const junk of JUNK) {
      await refused(['relay', 'pulse', '--data-dir', dataDir, '--port', pty.appPath, `--${flag}=${junk}`], flag);
    }
    expect(pty.received()).toHaveLength(0);
  });
});

describe('--timeout-ms', () => {
  it.each(['verify', 'sync', 'doctor'])('%s refuses junk before doing anything', async (command) => {
    const image = command === 'verify' ? [fixturePath('obama-1.jpg')] : [];
    for (const junk of JUNK) {
      await refused([command, ...image, '--data-dir', dataDir, `--timeout-ms=${junk}`], 'timeout-ms');
    }
    expect(attemptRows(dataDir)).toEqual([]);
  });

  it('simulate refuses junk instead of starting the kiosk with it', async () => {
    await refused(['simulate', '--camera', 'x.y4m', '--data-dir', dataDir, '--timeout-ms', 'abc'], 'timeout-ms');
  });
});

describe('simulate --wait-ms', () => {
  it('refuses junk and zero', async () => {
    for (const junk of [...JUNK, '0']) {
      await refused(['simulate', '--camera', 'x.y4m', '--data-dir', dataDir, `--wait-ms=${junk}`], 'wait-ms');
    }
  });
});

describe('log --since', () => {
  it('refuses what is not an ISO 8601 date or time, and a day the calendar does not have', async () => {
    for (const junk of ['1', 'abc 2020', 'Tue, 1 Jan 2024', '2024-02-30', '2024-13-01', '2024-01-01T25:00', '']) {
      await refused(['log', '--data-dir', dataDir, `--since=${junk}`], 'since');
    }
  });

  it('takes a date, a local time, and a time with an offset', async () => {
    for (const since of ['2024-02-29', '2024-01-01T08:00', '2024-01-01T08:00:00.5Z', '2024-01-01T08:00:00+01:00']) {
      expect((await cli(['log', '--data-dir', dataDir, '--since', since])).code).toBe(0);
    }
  });
});
