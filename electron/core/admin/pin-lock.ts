import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { SecretStore } from '../secrets/secret-store';
import { hashPin, verifyPin } from './pin-hash';

/**
 * Guards the admin PIN against guessing at the kiosk: one check at a time, a lockout after
 * maxAttempts wrong PINs in a row, and each lockout in a row twice as long as the last (up to a
 * day). The count and the lockout are kept in a file, so pulling the plug does not reset them.
 */

export interface PinLockPolicy {
  maxAttempts: number;
  lockoutMs: number;
}

export interface PinLockState {
  failures: number;
  /** Lockouts since the last correct PIN: the next one lasts lockoutMs * 2^lockouts. */
  lockouts: number;
  lockedUntil: number;
}

export type PinCheck =
  | { result: 'ok' }
  | { result: 'wrong'; attemptsLeft: number }
  | { result: 'locked'; lockedUntil: number }
  | { result: 'not-set' }
  | { result: 'busy' };

const MAX_LOCKOUT_MS = 24 * 3_600_000;
const FRESH: PinLockState = { failures: 0, lockouts: 0, lockedUntil: 0 };

/** The lock's state in <dataDir>/admin-lock.json; a missing or damaged file is a fresh lock. */
export class PinLockFile {
  constructor(private readonly path: string) {}

  read(): PinLockState {
    try {
      const parsed = JSON.parse(readFileSync(this.path, 'utf8')) as Partial<PinLockState>;
      const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : 0);
      return { failures: num(parsed.failures), lockouts: num(parsed.lockouts), lockedUntil: num(parsed.lockedUntil) };
    } catch {
      return { ...FRESH };
    }
  }

  write(state: PinLockState): void {
    const partial = `${this.path}.${process.pid}.tmp`;
    writeFileSync(partial, JSON.stringify(state), { mode: 0o600 });
    renameSync(partial, this.path);
  }
}

export interface PinLockDeps {
  secrets: SecretStore;
  file: Pick<PinLockFile, 'read' | 'write'>;
  policy: () => PinLockPolicy;
  now?: () => number;
}

export class PinLock {
  private checking = false;
  private readonly now: () => number;

  constructor(private readonly deps: PinLockDeps) {
    this.now = deps.now ?? Date.now;
  }

  isSet(): boolean {
    try {
      return this.deps.secrets.get('adminPinHash') !== undefined;
    } catch {
      // There, but sealed by a cipher this program cannot open (the kiosk's keychain, seen from the CLI).
      return true;
    }
  }

  /** Where the lock stands now, without a guess. */
  state(): { attemptsLeft: number; lockedUntil: number | null } {
    const state = this.deps.file.read();
    const locked = state.lockedUntil > this.now();
    return {
      attemptsLeft: locked ? 0 : Math.max(0, this.deps.policy().maxAttempts - state.failures),
      lockedUntil: locked ? state.lockedUntil : null,
    };
  }

  async check(pin: string): Promise<PinCheck> {
    const stored = this.deps.secrets.get('adminPinHash');
    if (stored === undefined) return { result: 'not-set' };
    // Parallel guesses would each pass the lockout test before any failure is counted.
    if (this.checking) return { result: 'busy' };
    const before = this.deps.file.read();
    if (before.lockedUntil > this.now()) return { result: 'locked', lockedUntil: before.lockedUntil };
    this.checking = true;
    try {
      const ok = await verifyPin(pin, stored);
      const state = this.deps.file.read();
      if (ok) {
        this.deps.file.write({ ...FRESH });
        return { result: 'ok' };
      }
      const policy = this.deps.policy();
      const failures = state.failures + 1;
      if (failures < policy.maxAttempts) {
        this.deps.file.write({ ...state, failures });
        return { result: 'wrong', attemptsLeft: policy.maxAttempts - failures };
      }
      const lockedUntil = this.now() + Math.min(policy.lockoutMs * 2 ** state.lockouts, MAX_LOCKOUT_MS);
      this.deps.file.write({ failures: 0, lockouts: state.lockouts + 1, lockedUntil });
      return { result: 'locked', lockedUntil };
    } finally {
      this.checking = false;
    }
  }

  /** Sets a new PIN (the caller has checked the old one, or is the CLI on the machine itself). */
  async setPin(pin: string): Promise<void> {
    this.deps.secrets.set('adminPinHash', await hashPin(pin));
    this.deps.file.write({ ...FRESH });
  }
}

/** The settings' defaults (admin.maxPinAttempts 5, admin.lockoutMinutes 5), for callers without settings. */
export const DEFAULT_PIN_POLICY: PinLockPolicy = { maxAttempts: 5, lockoutMs: 5 * 60_000 };

/** The admin PIN lock of a data folder: the hash in its secret store, the count in admin-lock.json. */
export function pinLockIn(
  dataDir: string,
  secrets: SecretStore,
  policy: () => PinLockPolicy = () => DEFAULT_PIN_POLICY,
  now?: () => number,
): PinLock {
  return new PinLock({
    secrets,
    file: new PinLockFile(join(dataDir, 'admin-lock.json')),
    policy,
    ...(now && { now }),
  });
}
