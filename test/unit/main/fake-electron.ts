import { EventEmitter } from 'node:events';
import { FakeSafeStorage } from '../core/secrets/fake-safe-storage';

/**
 * Electron's main-process module as electron/main uses it, for vi.mock('electron'): the binary
 * cannot run here. `calls` records, in order, what main asked of Electron, so a test can check
 * that something happened before or after `ready`. makeReady() is Electron emitting ready.
 */
export class FakeElectron {
  readonly calls: string[] = [];
  readonly windows: FakeBrowserWindow[] = [];
  readonly safeStorage = new FakeSafeStorage();
  readonly ipcHandlers = new Map<string, unknown>();
  readonly protocolHandlers = new Map<string, unknown>();
  readonly exitCodes: number[] = [];
  /** What the fake should refuse: `windows`, a BrowserWindow that cannot be made (no display). */
  readonly refuse = { windows: false };
  readonly app: FakeElectronApp;
  private markReady!: () => void;
  private readonly ready: Promise<void>;

  constructor(
    readonly paths: { userData: string; appPath: string },
    readonly lockGranted = true,
  ) {
    this.ready = new Promise((resolve) => (this.markReady = resolve));
    this.app = new FakeElectronApp(this);
  }

  makeReady(): void {
    this.calls.push('ready');
    this.app.ready = true;
    this.safeStorage.ready = true;
    this.markReady();
  }

  whenReady(): Promise<void> {
    return this.ready;
  }

  private exports: Record<string, unknown> | null = null;

  /** The module `import ... from 'electron'` gets (one per fake, so every importer shares it). */
  module(): Record<string, unknown> {
    return (this.exports ??= this.build());
  }

  private build(): Record<string, unknown> {
    const { calls, windows, refuse } = this;
    const BrowserWindow = class extends FakeBrowserWindow {
      constructor(options: Record<string, unknown>) {
        if (refuse.windows) throw new Error('Failed to open the display');
        super(options);
        calls.push('new BrowserWindow');
        windows.push(this);
      }
      static getAllWindows() {
        return windows.filter((w) => !w.isDestroyed());
      }
    };
    const session = {
      defaultSession: Object.assign(new EventEmitter(), {
        setPermissionRequestHandler: () => calls.push('setPermissionRequestHandler'),
        setPermissionCheckHandler: () => calls.push('setPermissionCheckHandler'),
        setDevicePermissionHandler: () => calls.push('setDevicePermissionHandler'),
        setDisplayMediaRequestHandler: () => calls.push('setDisplayMediaRequestHandler'),
      }),
    };
    const protocol = {
      registerSchemesAsPrivileged: () => calls.push('registerSchemesAsPrivileged'),
      handle: (scheme: string, handler: unknown) => {
        calls.push(`protocol.handle ${scheme}`);
        this.protocolHandlers.set(scheme, handler);
      },
    };
    const ipcMain = Object.assign(new EventEmitter(), {
      handle: (channel: string, handler: unknown) => this.ipcHandlers.set(channel, handler),
    });
    const Menu = { setApplicationMenu: () => calls.push('Menu.setApplicationMenu') };
    let blockers = 0;
    const active = new Set<number>();
    const powerSaveBlocker = {
      start: () => {
        active.add(++blockers);
        return blockers;
      },
      stop: (id: number) => active.delete(id),
      isStarted: (id: number) => active.has(id),
    };
    const exports = {
      app: this.app,
      BrowserWindow,
      Menu,
      ipcMain,
      powerSaveBlocker,
      protocol,
      safeStorage: this.safeStorage,
      session,
      shell: {},
    };
    return { ...exports, default: exports };
  }
}

export class FakeElectronApp extends EventEmitter {
  ready = false;
  readonly isPackaged = false;
  private userData: string;

  constructor(private readonly electron: FakeElectron) {
    super();
    this.userData = electron.paths.userData;
  }

  whenReady(): Promise<void> {
    return this.electron.whenReady();
  }
  isReady(): boolean {
    return this.ready;
  }
  requestSingleInstanceLock(): boolean {
    this.electron.calls.push('requestSingleInstanceLock');
    return this.electron.lockGranted;
  }
  enableSandbox(): void {
    this.electron.calls.push('enableSandbox');
  }
  setPath(name: string, path: string): void {
    if (name === 'userData') this.userData = path;
  }
  getPath(name: string): string {
    if (name !== 'userData') throw new Error(`fake app has no path ${name}`);
    return this.userData;
  }
  getAppPath(): string {
    return this.electron.paths.appPath;
  }
  getVersion(): string {
    return '0.0.0-test';
  }
  quit(): void {
    this.electron.calls.push('app.quit');
    const event = { defaultPrevented: false, preventDefault: () => (event.defaultPrevented = true) };
    this.emit('will-quit', event);
  }
  exit(code = 0): void {
    this.electron.calls.push(`app.exit ${code}`);
    this.electron.exitCodes.push(code);
  }
  relaunch(): void {
    this.electron.calls.push('app.relaunch');
  }
  setLoginItemSettings(): void {}
}

export class FakeWebContents extends EventEmitter {
  destroyed = false;
  isDestroyed(): boolean {
    return this.destroyed;
  }
  readonly sent: Array<[string, unknown]> = [];
  openDevTools(): void {}
  send(channel: string, payload: unknown): void {
    this.sent.push([channel, payload]);
  }
  reload(): void {}
  forcefullyCrashRenderer(): void {}
}

export class FakeBrowserWindow extends EventEmitter {
  readonly webContents = new FakeWebContents();
  readonly loadedUrls: string[] = [];

  constructor(readonly options: Record<string, unknown>) {
    super();
  }

  loadURL(url: string): Promise<void> {
    this.loadedUrls.push(url);
    return Promise.resolve();
  }
  isDestroyed(): boolean {
    return false;
  }
  isMinimized(): boolean {
    return false;
  }
  restore(): void {}
  focus(): void {}
}
