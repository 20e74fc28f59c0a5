import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fileKeyCipher } from '../../../electron/core/secrets/file-key-cipher';
import { FileSecretStore } from '../../../electron/core/secrets/secret-store';
import { startRelayPty, type RelayPty } from '../../fakes/relay-pty';
import { repoRoot } from '../../support/fixtures';
import { waitFor } from '../core/relay/relay-helpers';
import { FakeElectron, type FakeBrowserWindow } from './fake-electron';

// electron/main/index.ts as Electron runs it, with Electron's objects faked (the binary cannot run
// here) and everything behind them real: the operator log, secrets.json and the key file, SQLite
// (Node's build of better-sqlite3 standing in for the Electron one), the relay over a socat PTY.

const fake = vi.hoisted(() => ({ electron: null as { module(): Record<string, unknown> } | null }));

vi.mock('electron', () => {
  // Getters, so every test's FakeElectron is the one main sees; `default` for electron-store.
  const names = [
    'app',
    'BrowserWindow',
    'Menu',
    'ipcMain',
    'powerSaveBlocker',
    'protocol',
    'safeStorage',
    'session',
    'shell',
  ];
  const live: Record<string, unknown> = {};
  for (const name of names) {
    Object.defineProperty(live, name, { enumerable: true, get: () => fake.electron!.module()[name] });
  }
  Object.defineProperty(live, 'default', { enumerable: true, get: () => live });
  return live;
});

const PROCESS_EVENTS = ['uncaughtException', 'unhandledRejection', 'SIGINT', 'SIGTERM', 'SIGHUP'] as const;
type ProcessEvent = (typeof PROCESS_EVENTS)[number];
type Listener = (...args: unknown[]) => void;
// process's typed overloads take one event kind at a time; these tests handle several alike.
const processEvents = process as unknown as {
  listeners(event: string): Listener[];
  off(event: string, listener: Listener): unknown;
};

let dir: string;
let dataDir: string;
let electron: FakeElectron;
let pty: RelayPty | null;
let before: Map<ProcessEvent, Listener[]>;
let savedEnv: NodeJS.ProcessEnv;
let stderr: ReturnType<typeof captureStderr>;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'facegate-main-'));
  dataDir = join(dir, 'data');
  mkdirSync(dataDir);
  // The unpackaged layout main looks in for the Electron build of better-sqlite3 (scripts/electron-native.mjs).
  const appPath = join(dir, 'app');
  mkdirSync(join(appPath, '.native', 'electron'), { recursive: true });
  symlinkSync(
    join(repoRoot, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node'),
    join(appPath, '.native', 'electron', 'better_sqlite3.node'),
  );
  electron = new FakeElectron({ userData: dataDir, appPath });
  fake.electron = electron;
  pty = null;
  savedEnv = { ...process.env };
  delete process.env.FACEGATE_DATA_DIR;
  delete process.env.FACEGATE_CLIENT_SECRET;
  delete process.env.ELECTRON_RENDERER_URL;
  // start-at-login writes the XDG autostart entry: into the test's folder, never the real home.
  process.env.XDG_CONFIG_HOME = join(dir, 'config');
  before = new Map(PROCESS_EVENTS.map((event) => [event, processEvents.listeners(event)]));
  // Main writes to stderr until its operator log is open; the tests read it instead.
  stderr = captureStderr();
  vi.resetModules();
});

afterEach(async () => {
  // Whatever main started is closed the way a signal would close it, then its listeners go.
  if (added('SIGTERM').length > 0 && electron.exitCodes.length === 0) {
    deliver('SIGTERM');
    await waitFor(() => electron.exitCodes.length > 0, 'main to stop');
  }
  for (const event of PROCESS_EVENTS) for (const listener of added(event)) processEvents.off(event, listener);
  vi.doUnmock('sharp');
  stderr.restore();
  for (const key of Object.keys(process.env)) if (!(key in savedEnv)) delete process.env[key];
  Object.assign(process.env, savedEnv);
  await pty?.close();
  rmSync(dir, { recursive: true, force: true });
});

/**
 * A signal, as far as main's own handler sees it. Not process.emit, which would run the test runner's
 * listeners too, and not every listener added: conf's atomic writes load when-exit, whose listener
 * re-raises the signal with process.kill, here on the test runner itself. (In the kiosk that re-raised
 * signal reaches main's handler again, which is still listening and only logs it.) Main's is the first
 * added: it is installed at ready, before the services (and conf) load.
 */
function deliver(signal: 'SIGINT' | 'SIGTERM' | 'SIGHUP'): void {
  const [main] = added(signal);
  if (!main) throw new Error(`nothing listens for ${signal}`);
  main(signal);
}

/** The process listeners added since the test began (main's crash handler and shutdown signals). */
function added(event: ProcessEvent): Listener[] {
  const earlier = before.get(event) ?? [];
  return processEvents.listeners(event).filter((listener) => !earlier.includes(listener));
}

const startMain = () => import('../../../electron/main/index');
const logFile = () => join(dataDir, 'logs', 'facegate.log');
const logText = () => (existsSync(logFile()) ? readFileSync(logFile(), 'utf8') : '');
const secretsOnDisk = () => JSON.parse(readFileSync(join(dataDir, 'secrets.json'), 'utf8')) as Record<string, string>;
const cliSecrets = () =>
  new FileSecretStore(join(dataDir, 'secrets.json'), fileKeyCipher(join(dataDir, 'secrets.key')));
const pageOf = (win: FakeBrowserWindow) => decodeURIComponent(win.loadedUrls.at(-1) ?? '');

/** process.stderr, recorded instead of written; fatal() is the StartupLog's fatal line, parsed. */
function captureStderr() {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return {
    restore: () => spy.mockRestore(),
    fatal(): Record<string, unknown> | undefined {
      const line = lines.find((text) => text.startsWith('facegate {') && text.includes('"level":"fatal"'));
      return line ? (JSON.parse(line.slice('facegate '.length)) as Record<string, unknown>) : undefined;
    },
  };
}

async function firstWindow(): Promise<FakeBrowserWindow> {
  await waitFor(() => electron.windows[0]?.loadedUrls.length === 1, 'the first window to load a page');
  return electron.windows[0]!;
}

/** waitFor (relay-helpers) for a check that has to ask asynchronously. */
async function waitForAsync(check: () => Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** LCUS channel 1, the relay protocol by default: the contact at rest. */
const OFF = 'a00100a1';

/** getKioskInfo through main's IPC registration, as the renderer's main frame would call it. */
async function kioskInfo(): Promise<{ relay: { connected: boolean } }> {
  const handler = electron.ipcHandlers.get('facegate:getKioskInfo') as
    ((event: unknown, request: unknown) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>) | undefined;
  if (!handler) throw new Error('getKioskInfo is not registered');
  const frame = { url: 'app://facegate/index.html' };
  const result = await handler({ senderFrame: frame, sender: { mainFrame: frame } }, null);
  if (!result.ok) throw new Error(`getKioskInfo failed: ${JSON.stringify(result.error)}`);
  return result.value as { relay: { connected: boolean } };
}

async function withRelay(): Promise<RelayPty> {
  pty = await startRelayPty(dir);
  writeFileSync(
    join(dataDir, 'settings.json'),
    JSON.stringify({
      verifier: { verifyUrl: 'http://127.0.0.1:9/verify', tokenUrl: 'http://127.0.0.1:9/token', clientId: 'kiosk' },
      relay: { port: pty.appPath, reconnectMs: 200 },
    }),
  );
  return pty;
}

describe('main bootstrap', () => {
  it('builds the secret store after ready, with the OS keychain, adopting what the CLI provisioned', async () => {
    cliSecrets().set('clientSecret', 'provisioned-by-installer');
    await withRelay();
    await startMain();

    // Before ready: the lock, the sandbox and the scheme; nothing opened, nothing sealed, no window.
    expect(electron.calls).toEqual(['requestSingleInstanceLock', 'enableSandbox', 'registerSchemesAsPrivileged']);
    expect(secretsOnDisk().clientSecret).toMatch(/^keyfile:/);
    expect(existsSync(join(dataDir, 'facegate.db'))).toBe(false);
    expect(added('uncaughtException')).toHaveLength(1);

    electron.makeReady();
    const win = await firstWindow();
    expect(win.loadedUrls).toEqual(['app://facegate/index.html']);
    expect(secretsOnDisk().clientSecret).toMatch(/^keychain:/);
    expect(logText()).toContain('secrets sealed with the OS keychain');
    expect(logText()).not.toContain('no OS keychain');
    expect(electron.safeStorage.deprecatedCalls).toEqual([]);
    expect(electron.ipcHandlers.size).toBeGreaterThan(0);
    expect(electron.calls.indexOf('ready')).toBeLessThan(electron.calls.indexOf('protocol.handle app'));
  });

  it('rests the relay and closes the database on SIGTERM, then exits 0', async () => {
    const relay = await withRelay();
    await startMain();
    electron.makeReady();
    await firstWindow();
    // Asked the way the renderer asks; until the board is open, close() has no "off" of its own to send.
    await waitForAsync(async () => (await kioskInfo()).relay.connected, 'the relay to be open');
    // "Connected" is said once the rest frame is written; the far end may not have read it yet.
    await relay.waitForBytes(4, 5_000);
    expect(relay.frames(4).map((f) => f.hex)).toEqual([OFF]);
    expect(existsSync(join(dataDir, 'facegate.db-wal'))).toBe(true);

    deliver('SIGTERM');
    await waitFor(() => electron.exitCodes.length > 0, 'main to exit');
    expect(electron.exitCodes).toEqual([0]);
    await relay.waitForBytes(8, 5_000);
    expect(relay.frames(4).map((f) => f.hex)).toEqual([OFF, OFF]);
    // SQLite removes the write-ahead log when the last connection closes cleanly.
    expect(existsSync(join(dataDir, 'facegate.db-wal'))).toBe(false);
    expect(logText()).toContain('stopping on a signal: putting the door to rest first');
  });

  it('closes the services and exits 1 when not even a window can be made', async () => {
    const relay = await withRelay();
    electron.refuse.windows = true;
    await startMain();
    electron.makeReady();
    await waitFor(() => electron.exitCodes.length > 0, 'main to exit');
    expect(electron.exitCodes).toEqual([1]);
    expect(logText()).toContain('cannot open the kiosk window; exiting');
    // Closed before the exit: the database cleanly, the relay with "off" as the last thing it sent.
    expect(existsSync(join(dataDir, 'facegate.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'facegate.db-wal'))).toBe(false);
    await relay.waitForBytes(4, 5_000);
    expect(relay.frames(4).at(-1)?.hex).toBe(OFF);
  });

  it('ends on the fault page, with a log line, when secrets.json cannot be read', async () => {
    writeFileSync(join(dataDir, 'secrets.json'), '{"clientSecret": "keyfile:');
    await startMain();
    electron.makeReady();
    const win = await firstWindow();
    expect(pageOf(win)).toMatch(/^data:text\/html/);
    expect(pageOf(win)).toContain('Out of order');
    expect(pageOf(win)).toContain('INVALID_CONFIG');
    expect(pageOf(win)).toContain('secrets.json: unreadable secrets file');
    expect(win.options).not.toHaveProperty('webPreferences.preload');
    expect(logText()).toContain('facegate cannot start; showing the fault page');
    // Nothing of the kiosk runs behind the fault page.
    expect(electron.ipcHandlers.size).toBe(0);
    expect(electron.calls).not.toContain('protocol.handle app');
  });

  it('ends on the fault page, with the line on stderr, when the operator log cannot be opened', async () => {
    writeFileSync(join(dataDir, 'logs'), 'a file where the log folder should be');
    await startMain();
    electron.makeReady();
    const win = await firstWindow();
    expect(pageOf(win)).toContain('Out of order');
    expect(pageOf(win)).toContain('EEXIST');
    expect(stderr.fatal()).toMatchObject({
      level: 'fatal',
      msg: 'facegate cannot start; showing the fault page',
      err: { message: expect.stringContaining('EEXIST') },
    });
  });

  it('ends on the fault page, with a line on stderr, when a native module fails to load', async () => {
    // sharp loads its addon when imported, and throws this where its platform package is missing.
    // (vitest wraps a throwing mock factory in an error of its own, with this one as its cause.)
    vi.doMock('sharp', () => {
      throw new Error('Could not load the "sharp" module using the linux-x64 runtime');
    });
    await startMain();
    electron.makeReady();
    const win = await firstWindow();
    expect(pageOf(win)).toMatch(/^data:text\/html/);
    expect(pageOf(win)).toContain('Out of order');
    // The operator log lives in the module that failed to load: the line goes to stderr.
    expect(stderr.fatal()).toMatchObject({
      msg: 'facegate cannot start; showing the fault page',
      err: { cause: { message: 'Could not load the "sharp" module using the linux-x64 runtime' } },
    });
    expect(electron.ipcHandlers.size).toBe(0);
  });

  it('shows a fault from before ready on the fault page too', async () => {
    electron.app.requestSingleInstanceLock = () => {
      throw new Error('the lock file could not be created');
    };
    await startMain();
    electron.makeReady();
    const win = await firstWindow();
    expect(pageOf(win)).toContain('the lock file could not be created');
    expect(stderr.fatal()).toMatchObject({ err: { message: 'the lock file could not be created' } });
  });

  it('leaves at once, starting nothing, when another kiosk holds the lock', async () => {
    electron = new FakeElectron(electron.paths, false);
    fake.electron = electron;
    await startMain();
    expect(electron.calls).toEqual(['requestSingleInstanceLock', 'app.quit']);
    electron.makeReady();
    for (let turn = 0; turn < 10; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(electron.windows).toEqual([]);
    expect(added('SIGTERM')).toEqual([]);
  });
});
