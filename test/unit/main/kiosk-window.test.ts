import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

/*
 * The thin Electron shell around core/shell/renderer-entry.ts: which page the window loads, and
 * that the permission handlers, the navigation lock-down, the IPC sender check and the download
 * handler all trust that page's origin and no other. Electron is faked (it cannot run here); each
 * test imports the main modules afresh, because the entry is decided once per process.
 */

type Listener = (...args: unknown[]) => unknown;

const fake = vi.hoisted(() => ({
  packaged: false,
  loaded: [] as string[],
  appListeners: new Map<string, Listener>(),
  sessionListeners: new Map<string, Listener>(),
  ipcHandlers: new Map<string, Listener>(),
  permissionRequest: undefined as Listener | undefined,
  permissionCheck: undefined as Listener | undefined,
}));

vi.mock('electron', () => ({
  app: {
    get isPackaged() {
      return fake.packaged;
    },
    getAppPath: () => '/opt/facegate/resources/app.asar',
    enableSandbox: () => undefined,
    on: (name: string, listener: Listener) => fake.appListeners.set(name, listener),
  },
  BrowserWindow: class {
    webContents = { openDevTools: () => undefined };
    loadURL(url: string): Promise<void> {
      fake.loaded.push(url);
      return Promise.resolve();
    }
  },
  Menu: { setApplicationMenu: () => undefined },
  session: {
    defaultSession: {
      setPermissionRequestHandler: (handler: Listener) => (fake.permissionRequest = handler),
      setPermissionCheckHandler: (handler: Listener) => (fake.permissionCheck = handler),
      setDevicePermissionHandler: () => undefined,
      setDisplayMediaRequestHandler: () => undefined,
      on: (name: string, listener: Listener) => fake.sessionListeners.set(name, listener),
    },
  },
  ipcMain: { handle: (channel: string, handler: Listener) => fake.ipcHandlers.set(channel, handler) },
}));

const DEV_URL = 'http://localhost:5173';
const APP_PAGE = 'app://facegate/index.html';

/** The main modules as a fresh process would load them, under the given packaging and environment. */
async function loadMain(packaged: boolean, rendererUrl?: string) {
  fake.packaged = packaged;
  if (rendererUrl === undefined) delete process.env.ELECTRON_RENDERER_URL;
  else vi.stubEnv('ELECTRON_RENDERER_URL', rendererUrl);
  vi.resetModules();
  return {
    window: await import('../../../electron/main/kiosk-window'),
    security: await import('../../../electron/main/security'),
    ipc: await import('../../../electron/main/ipc'),
    downloads: await import('../../../electron/main/downloads'),
  };
}

let warnings: string[];
beforeEach(() => {
  fake.loaded = [];
  fake.appListeners.clear();
  fake.sessionListeners.clear();
  fake.ipcHandlers.clear();
  warnings = [];
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => void warnings.push(args.join(' ')));
});
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe('createKioskWindow', () => {
  it('loads the built renderer over app:// by default', async () => {
    const { window } = await loadMain(false);
    window.createKioskWindow();
    expect(fake.loaded).toEqual([APP_PAGE]);
    expect(warnings).toEqual([]);
  });

  it('loads the dev server electron-vite names (npm run dev), so renderer edits show', async () => {
    const { window } = await loadMain(false, DEV_URL);
    window.createKioskWindow();
    expect(fake.loaded).toEqual([`${DEV_URL}/`]);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app, and says so', async () => {
    const { window } = await loadMain(true, DEV_URL);
    window.createKioskWindow();
    expect(fake.loaded).toEqual([APP_PAGE]);
    expect(warnings).toEqual([expect.stringMatching(/ELECTRON_RENDERER_URL is ignored in a packaged app/)]);
  });

  it('refuses a dev server URL that is not on this machine', async () => {
    const { window } = await loadMain(false, 'http://192.168.1.20:5173');
    window.createKioskWindow();
    expect(fake.loaded).toEqual([APP_PAGE]);
    expect(warnings).toEqual([expect.stringMatching(/is ignored: only http:\/\/localhost/)]);
  });
});

/** Asks the permission request handler main installed, as Chromium would for getUserMedia. */
function cameraGranted(requestingUrl: string, mediaTypes: string[] = ['video']): boolean {
  let granted: boolean | undefined;
  fake.permissionRequest?.({}, 'media', (answer: boolean) => (granted = answer), {
    isMainFrame: true,
    requestingUrl,
    mediaTypes,
  });
  return granted === true;
}

describe('the origin main trusts', () => {
  it('in development is the dev server: camera (video only), IPC and the page reload, nothing else', async () => {
    const { security, ipc } = await loadMain(false, DEV_URL);
    security.setupPermissions();
    expect(cameraGranted(`${DEV_URL}/`)).toBe(true);
    expect(cameraGranted(`${DEV_URL}/`, ['audio'])).toBe(false);
    expect(cameraGranted(APP_PAGE)).toBe(false);
    expect(fake.permissionCheck?.({}, 'media', DEV_URL, { isMainFrame: true, mediaType: 'video' })).toBe(true);

    security.setupSecurityBaseline();
    const willNavigate: Listener[] = [];
    const contents = {
      on: (name: string, listener: Listener) => name === 'will-navigate' && willNavigate.push(listener),
      setWindowOpenHandler: () => undefined,
    };
    fake.appListeners.get('web-contents-created')?.({}, contents);
    const navigate = (url: string) => {
      let prevented = false;
      for (const listener of willNavigate) listener({ url, preventDefault: () => (prevented = true) }, url);
      return prevented;
    };
    expect(navigate(`${DEV_URL}/`)).toBe(false);
    expect(navigate('https://evil.example/')).toBe(true);

    const info = { name: 'door', version: '1' };
    ipc.setupIpc({ getKioskInfo: () => info } as never, { warn: () => undefined } as never);
    const frame = { url: `${DEV_URL}/` };
    const answer = await fake.ipcHandlers.get('facegate:getKioskInfo')?.(
      { senderFrame: frame, sender: { mainFrame: frame } },
      null,
    );
    expect(answer).toEqual({ ok: true, value: info });
  });

  it('in a packaged app is app://facegate alone, whatever ELECTRON_RENDERER_URL says', async () => {
    const { security, ipc } = await loadMain(true, DEV_URL);
    security.setupPermissions();
    expect(cameraGranted(APP_PAGE)).toBe(true);
    expect(cameraGranted(`${DEV_URL}/`)).toBe(false);

    security.setupSecurityBaseline();
    const willNavigate: Listener[] = [];
    fake.appListeners.get('web-contents-created')?.(
      {},
      {
        on: (name: string, listener: Listener) => name === 'will-navigate' && willNavigate.push(listener),
        setWindowOpenHandler: () => undefined,
      },
    );
    let prevented = false;
    for (const listener of willNavigate) listener({ url: `${DEV_URL}/`, preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);

    ipc.setupIpc({ getKioskInfo: () => ({}) } as never, { warn: () => undefined } as never);
    const frame = { url: `${DEV_URL}/` };
    const answer = await fake.ipcHandlers.get('facegate:getKioskInfo')?.(
      { senderFrame: frame, sender: { mainFrame: frame } },
      null,
    );
    expect(answer).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
  });

  it("in development saves the admin screen's CSV export made by the dev server's page", async () => {
    const { downloads } = await loadMain(false, DEV_URL);
    const dataDir = mkdtempSync(join(tmpdir(), 'facegate-dev-export-'));
    downloads.setupDownloads(dataDir, { warn: () => undefined, info: () => undefined } as never);
    const saved: string[] = [];
    let cancelled = false;
    fake.sessionListeners.get('will-download')?.(
      {},
      {
        getURL: () => `blob:${DEV_URL}/5f0c6e1a-0d7e-4b7e-9d55-3f1d2a9b8c11`,
        getFilename: () => 'facegate-attempts-2025-01-01.csv',
        setSavePath: (path: string) => saved.push(path),
        cancel: () => (cancelled = true),
        once: () => undefined,
      },
    );
    rmSync(dataDir, { recursive: true, force: true });
    expect({ saved, cancelled }).toEqual({
      saved: [join(dataDir, 'exports', 'facegate-attempts-2025-01-01.csv')],
      cancelled: false,
    });
  });
});
