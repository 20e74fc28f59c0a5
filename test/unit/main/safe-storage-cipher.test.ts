import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { RecordingLog } from '../core/shell/fakes';
import { FakeElectron } from './fake-electron';

const fake = vi.hoisted(() => ({ electron: null as { module(): Record<string, unknown> } | null }));
vi.mock('electron', () => ({
  get app() {
    return fake.electron!.module().app;
  },
  get safeStorage() {
    return fake.electron!.module().safeStorage;
  },
}));

let dataDir: string;
let electron: FakeElectron;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'facegate-safe-storage-'));
  electron = new FakeElectron({ userData: dataDir, appPath: dataDir });
  fake.electron = electron;
});
afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

const onDisk = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;

describe('openSafeStorageSecretStore', () => {
  it('asked before ready, waits for ready, then seals with the keychain what the CLI provisioned', async () => {
    new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key'))).set(
      'adminPinHash',
      'scrypt$hash',
    );
    const { openSafeStorageSecretStore } = await import('../../../electron/main/safe-storage-cipher');
    const log = new RecordingLog();
    let settled = false;
    const opening = openSafeStorageSecretStore(dataDir, log).finally(() => (settled = true));
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    // Before ready safeStorage would have said "no keychain": nothing is decided yet.
    expect(settled).toBe(false);
    expect(onDisk().adminPinHash).toMatch(/^keyfile:/);

    electron.makeReady();
    const store = await opening;
    expect(store.get('adminPinHash')).toBe('scrypt$hash');
    expect(onDisk().adminPinHash).toMatch(/^keychain:/);
    expect(log.messages('warn')).toEqual([]);
    expect(electron.safeStorage.deprecatedCalls).toEqual([]);
  });
});
