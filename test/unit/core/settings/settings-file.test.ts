import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defaultSettings } from '../../../../electron/common/settings';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { loadSettingsFile, resolveDataDir, settingsPath } from '../../../../electron/core/settings/settings-file';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-settings-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (content: string) => writeFileSync(settingsPath(dir), content);

/** The CodedError loadSettingsFile throws, so its code and message can both be checked. */
function failure(): CodedError {
  try {
    loadSettingsFile(dir);
  } catch (error) {
    if (error instanceof CodedError) return error;
    throw error;
  }
  throw new Error('loadSettingsFile did not throw');
}

describe('loadSettingsFile', () => {
  it.each([
    ['(root)', { verifyURL: 'https://x' }, 'verifyURL'],
    ['relay', { relay: { board: 'lcus-1' } }, 'board'],
    ['verifier.retry', { verifier: { retry: { retries: 5 } } }, 'retries'],
    ['access', { access: { cooldown: 5 } }, 'cooldown'],
  ])('refuses an unknown key under %s (a typo must not be ignored silently)', (where, content, key) => {
    write(JSON.stringify(content));
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(`${where}:`);
    expect(error.message).toContain(key);
  });

  it('gives every default when there is no file (a fresh install starts)', () => {
    expect(loadSettingsFile(dir)).toEqual(defaultSettings());
    expect(defaultSettings().verifier.verifyUrl).toMatch(/^https:/);
  });

  it('fills defaults around the fields the operator set', () => {
    write(JSON.stringify({ relay: { port: '/dev/ttyUSB0' }, gate: { framesToHold: 5 } }));
    const settings = loadSettingsFile(dir);
    expect(settings.relay).toEqual({
      port: '/dev/ttyUSB0',
      protocol: 'lcus',
      channel: 1,
      openMs: 3000,
      baudRate: 9600,
      lockType: 'fail-secure',
      reconnectMs: 2000,
    });
    expect(settings.gate.framesToHold).toBe(5);
    expect(settings.verifier).toEqual(defaultSettings().verifier);
  });

  it.each([
    ['truncated JSON', '{"relay": {"port": "/dev/ttyUSB0"'],
    ['an empty file', ''],
    ['binary garbage', '\u0000\u0001\u0002'],
  ])('answers INVALID_CONFIG for %s', (_what, content) => {
    write(content);
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('not valid JSON');
    expect(error.message).toContain(settingsPath(dir));
  });

  it.each([
    ['relay.openMs', { relay: { openMs: 'long' } }],
    ['relay.openMs', { relay: { openMs: 50 } }],
    ['verifier.timeoutMs', { verifier: { timeoutMs: 1.5 } }],
    ['gate.minFaceWidthRatio', { gate: { minFaceWidthRatio: 2 } }],
    ['relay.protocol', { relay: { protocol: 'sainsmart-16' } }],
    ['resultDisplayMs', { resultDisplayMs: null }],
  ])('answers INVALID_CONFIG naming %s for a wrong value', (where, content) => {
    write(JSON.stringify(content));
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(`${where}:`);
  });

  it.each([
    ['verifier.verifyUrl', { verifier: { verifyUrl: 'https://kiosk:pw-5d20c1@sdkbio.faceki.com/verify' } }],
    ['verifier.tokenUrl', { verifier: { tokenUrl: 'https://kiosk:pw-5d20c1@sdk.faceki.com/auth/api/access-token' } }],
    ['verifier.tokenUrl', { verifier: { tokenUrl: 'http://kiosk@127.0.0.1:8080/token' } }],
  ])('refuses a user:password in %s as INVALID_CONFIG, without repeating it', (where, content) => {
    write(JSON.stringify(content));
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(`${where}:`);
    expect(error.message).toContain('user name or password');
    expect(error.message).not.toMatch(/pw-5d20c1|kiosk[:@]/);
  });

  it.each([
    ['null', 'null'],
    ['an array', '[]'],
    ['a string', '"relay"'],
    ['a number', '42'],
  ])('answers INVALID_CONFIG for a file holding %s (not all defaults)', (_what, content) => {
    write(content);
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain(settingsPath(dir));
    expect(error.message).toContain('(root)');
  });

  it('reads a file saved with a UTF-8 byte-order mark (as some Windows editors save it)', () => {
    write(`\uFEFF${JSON.stringify({ resultDisplayMs: 7000, relay: { port: 'COM3' } })}`);
    const settings = loadSettingsFile(dir);
    expect(settings.resultDisplayMs).toBe(7000);
    expect(settings.relay.port).toBe('COM3');
  });

  it('names every wrong field, not just the first', () => {
    write(JSON.stringify({ relay: { openMs: 'x' }, gate: { framesToHold: 0 } }));
    const { message } = failure();
    expect(message).toContain('relay.openMs');
    expect(message).toContain('gate.framesToHold');
  });

  it('answers INVALID_CONFIG when the file is a folder it cannot read', () => {
    mkdirSync(settingsPath(dir));
    const error = failure();
    expect(error.code).toBe('INVALID_CONFIG');
    expect(error.message).toContain('cannot read');
  });
});

describe('resolveDataDir', () => {
  it('prefers the flag, then FACEGATE_DATA_DIR, then the XDG config folder', () => {
    const saved = { data: process.env.FACEGATE_DATA_DIR, xdg: process.env.XDG_CONFIG_HOME };
    try {
      process.env.FACEGATE_DATA_DIR = '/srv/facegate';
      process.env.XDG_CONFIG_HOME = '/home/k/.cfg';
      expect(resolveDataDir('/flag')).toBe('/flag');
      expect(resolveDataDir()).toBe('/srv/facegate');
      delete process.env.FACEGATE_DATA_DIR;
      expect(resolveDataDir()).toBe('/home/k/.cfg/facegate');
    } finally {
      for (const [key, value] of [
        ['FACEGATE_DATA_DIR', saved.data],
        ['XDG_CONFIG_HOME', saved.xdg],
      ] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
  });
});
