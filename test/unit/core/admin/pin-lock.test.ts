import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AdminSession } from '../../../../electron/core/admin/admin-session';
import { hashPin, verifyPin } from '../../../../electron/core/admin/pin-hash';
import { PinLock, PinLockFile } from '../../../../electron/core/admin/pin-lock';
import { cliSecretStore } from '../../../../electron/cli/cli-context';

let dir: string;
let clock: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-pin-'));
  clock = Date.parse('2026-11-26T10:00:00Z');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const MINUTE = 60_000;
const lockAt = () =>
  new PinLock({
    secrets: cliSecretStore(dir),
    file: new PinLockFile(join(dir, 'admin-lock.json')),
    policy: () => ({ maxAttempts: 3, lockoutMs: 5 * MINUTE }),
    now: () => clock,
  });

describe('admin PIN hash', () => {
  it('is a salted scrypt hash: never the PIN, different each time, verifies only the right PIN', async () => {
    const a = await hashPin('246810');
    const b = await hashPin('246810');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toContain('246810');
    expect(a).not.toBe(b);
    expect(await verifyPin('246810', a)).toBe(true);
    expect(await verifyPin('246811', a)).toBe(false);
  });

  it('never matches a stored value it cannot read, or one with absurd parameters', async () => {
    expect(await verifyPin('246810', 'plain:246810')).toBe(false);
    expect(await verifyPin('246810', 'scrypt$1073741824$8$1$c2FsdHNhbHQ=$AAAA')).toBe(false);
  });
});

describe('PinLock', () => {
  it('says so when no PIN is set, and keeps the hash sealed in the secret store, not in clear', async () => {
    expect(await lockAt().check('246810')).toEqual({ result: 'not-set' });
    await lockAt().setPin('246810');
    const sealed = readFileSync(join(dir, 'secrets.json'), 'utf8');
    expect(sealed).toMatch(/"adminPinHash": "keyfile:/);
    expect(sealed).not.toContain('scrypt');
    expect(await lockAt().check('246810')).toEqual({ result: 'ok' });
  });

  it('locks after maxAttempts wrong PINs in a row, refuses even the right PIN until the lockout ends', async () => {
    await lockAt().setPin('246810');
    expect(await lockAt().check('000000')).toEqual({ result: 'wrong', attemptsLeft: 2 });
    expect(await lockAt().check('000001')).toEqual({ result: 'wrong', attemptsLeft: 1 });
    expect(await lockAt().check('000002')).toEqual({ result: 'locked', lockedUntil: clock + 5 * MINUTE });
    // A new PinLock stands for a restarted kiosk: the lockout is on disk, not in memory.
    expect(await lockAt().check('246810')).toEqual({ result: 'locked', lockedUntil: clock + 5 * MINUTE });
    expect(lockAt().state()).toEqual({ attemptsLeft: 0, lockedUntil: clock + 5 * MINUTE });
    clock += 5 * MINUTE + 1;
    expect(lockAt().state()).toEqual({ attemptsLeft: 3, lockedUntil: null });
    expect(await lockAt().check('246810')).toEqual({ result: 'ok' });
  });

  it('doubles each lockout in a row, and a correct PIN starts over', async () => {
    await lockAt().setPin('246810');
    const lockOut = async () => {
      let last;
      for (let i = 0; i < 3; i++) last = await lockAt().check('999999');
      return last;
    };
    expect(await lockOut()).toEqual({ result: 'locked', lockedUntil: clock + 5 * MINUTE });
    clock += 5 * MINUTE + 1;
    expect(await lockOut()).toEqual({ result: 'locked', lockedUntil: clock + 10 * MINUTE });
    clock += 10 * MINUTE + 1;
    expect(await lockOut()).toEqual({ result: 'locked', lockedUntil: clock + 20 * MINUTE });
    clock += 20 * MINUTE + 1;
    expect(await lockAt().check('246810')).toEqual({ result: 'ok' });
    expect(await lockOut()).toEqual({ result: 'locked', lockedUntil: clock + 5 * MINUTE });
  });

  it('takes one guess at a time: a guess made while another is checked is not tried', async () => {
    await lockAt().setPin('246810');
    const lock = lockAt();
    const [first, second] = await Promise.all([lock.check('000000'), lock.check('246810')]);
    expect(first).toEqual({ result: 'wrong', attemptsLeft: 2 });
    expect(second).toEqual({ result: 'busy' });
  });

  it('treats a damaged lock file as a fresh lock rather than failing open or shut forever', async () => {
    await lockAt().setPin('246810');
    const file = new PinLockFile(join(dir, 'admin-lock.json'));
    file.write({ failures: 2, lockouts: 0, lockedUntil: 0 });
    expect(lockAt().state().attemptsLeft).toBe(1);
    rmSync(join(dir, 'admin-lock.json'));
    expect(lockAt().state().attemptsLeft).toBe(3);
  });
});

describe('AdminSession', () => {
  it('opens on a correct PIN, stays open while used, closes itself after idleMs', () => {
    let now = 0;
    const session = new AdminSession(
      () => 1000,
      () => now,
    );
    expect(() => session.require()).toThrow(expect.objectContaining({ code: 'ADMIN_REQUIRED' }));
    session.open();
    now = 900;
    session.require();
    now = 1800;
    session.require();
    now = 2801;
    expect(session.isOpen()).toBe(false);
    expect(() => session.require()).toThrow(expect.objectContaining({ code: 'ADMIN_REQUIRED' }));
    session.open();
    session.close();
    expect(session.isOpen()).toBe(false);
  });
});
