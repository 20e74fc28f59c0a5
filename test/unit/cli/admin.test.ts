import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cliSecretStore } from '../../../electron/cli/cli-context';
import { pinLockIn } from '../../../electron/core/admin/pin-lock';
import { cli, jsonOf, makeDataDir, removeDataDir, runBin } from './cli-harness';

// `facegate admin set-pin|status`: the installer's way to give the admin screen a PIN, and the
// operator's way back in after forgetting it or locking it out.

let dataDir: string;
beforeEach(() => {
  dataDir = makeDataDir();
});
afterEach(() => removeDataDir(dataDir));

const admin = (args: string[], stdin = '') => cli(['admin', ...args, '--data-dir', dataDir], stdin);
const lock = () => pinLockIn(dataDir, cliSecretStore(dataDir), () => ({ maxAttempts: 2, lockoutMs: 600_000 }));

describe('facegate admin', () => {
  it('sets the PIN from stdin as a sealed hash the kiosk accepts', async () => {
    expect(jsonOf<{ pinSet: boolean }>(await admin(['status', '--json']))).toEqual({
      pinSet: false,
      lockedUntil: null,
    });
    const run = await admin(['set-pin'], '246810\n');
    expect(run.code).toBe(0);
    expect(readFileSync(join(dataDir, 'secrets.json'), 'utf8')).not.toContain('246810');
    expect(await lock().check('246810')).toEqual({ result: 'ok' });
    expect(await lock().check('246811')).toMatchObject({ result: 'wrong' });
  });

  it('refuses a PIN that is not 6-12 digits, naming the rule', async () => {
    await expect(admin(['set-pin'], '1234\n')).rejects.toMatchObject({
      code: 'INVALID_REQUEST',
      message: expect.stringContaining('6 to 12 digits'),
    });
    await expect(admin(['set-pin'], 'abcdefg\n')).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });

  it('shows a lockout, and setting the PIN again clears it', async () => {
    await admin(['set-pin'], '246810');
    await lock().check('000000');
    await lock().check('000001');
    const status = jsonOf<{ pinSet: boolean; lockedUntil: string | null }>(await admin(['status', '--json']));
    expect(status.pinSet).toBe(true);
    expect(Date.parse(status.lockedUntil!)).toBeGreaterThan(Date.now());
    await admin(['set-pin'], '135790');
    expect(jsonOf<{ lockedUntil: null }>(await admin(['status', '--json'])).lockedUntil).toBeNull();
    expect(await lock().check('135790')).toEqual({ result: 'ok' });
  });

  it.each([
    ['a file where the folder should be', (dir: string) => writeFileSync(join(dir, 'data'), ''), 'data'],
    ['a path through a file', (dir: string) => writeFileSync(join(dir, 'data'), ''), join('data', 'sub')],
  ])('answers status and set-pin with STORAGE_FAILED (exit 2) for %s, never "PIN not set"', async (_, make, sub) => {
    make(dataDir);
    const unusable = join(dataDir, sub);
    for (const [args, stdin] of [[['status']], [['status', '--json']], [['set-pin'], '246810']] as const) {
      await expect(cli(['admin', ...args, '--data-dir', unusable], stdin)).rejects.toMatchObject({
        code: 'STORAGE_FAILED',
        message: expect.stringContaining(unusable),
      });
    }
    // The same through the built CLI: one line on stderr, exit 2, nothing on stdout.
    const run = await runBin(['admin', 'status', '--data-dir', unusable]);
    expect(run).toMatchObject({ code: 2, stdout: '' });
    expect(run.stderr).toMatch(/^facegate: STORAGE_FAILED: data folder /);
  });
});
