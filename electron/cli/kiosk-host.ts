import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CodedError, createDispatcher } from '../core/ipc/dispatcher';
import type { KioskRuntime } from '../core/kiosk-services';
import { chromiumArgs, findChromium } from './chromium';
import { bindKiosk, type KioskBinding } from './kiosk-binding';
import { rendererBuildDir } from './package-root';
import { startStaticServer, type StaticServer } from './static-server';

export interface KioskHostOptions {
  services: KioskRuntime;
  /** Y4M or MJPEG file Chromium plays as its camera. */
  cameraFile: string;
  rendererDir?: string;
  viewport?: { width: number; height: number };
  /** Called with the renderer's console errors and page crashes, for the operator's eyes. */
  onPageProblem?: (message: string) => void;
  /** Called with the URL of every request the page makes (tests check nothing leaves our origin). */
  onRequest?: (url: string) => void;
  /**
   * Let Playwright close Chromium on SIGINT/SIGTERM/SIGHUP (default true). Its SIGINT handler then
   * exits the process itself: a caller that must do something first (rest the relay) passes false
   * and closes the host from its own handler.
   */
  handleSignals?: boolean;
}

export interface KioskHost {
  origin: string;
  page: Page;
  binding: KioskBinding;
  close(): Promise<void>;
}

/**
 * The Node host: serves the built renderer, opens it in headless Chromium with a file for a camera,
 * and binds window.kiosk to the core services through the same dispatcher as Electron's main.
 * This is how the kiosk runs where there is no Electron binary, no camera and no relay.
 */
export async function startKioskHost(options: KioskHostOptions): Promise<KioskHost> {
  const root = options.rendererDir ?? rendererBuildDir();
  if (!existsSync(join(root, 'index.html'))) {
    throw new Error(`no built renderer in ${root}: run "npm run build" first`);
  }
  if (!existsSync(options.cameraFile)) {
    throw new CodedError('INVALID_REQUEST', `camera file not found: ${options.cameraFile}`);
  }
  let server: StaticServer | null = null;
  let browser: Browser | null = null;
  try {
    server = await startStaticServer(root);
    browser = await chromium.launch({
      executablePath: findChromium(),
      headless: true,
      args: chromiumArgs(options.cameraFile),
      ...(options.handleSignals === false && { handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false }),
    });
    const context = await browser.newContext({ viewport: options.viewport ?? { width: 1024, height: 768 } });
    const page = await context.newPage();
    page.on('request', (request) => options.onRequest?.(request.url()));
    page.on('pageerror', (error) => options.onPageProblem?.(`page error: ${error.message}`));
    page.on('crash', () => options.onPageProblem?.('renderer crashed'));
    page.on('console', (message) => {
      if (message.type() === 'error') options.onPageProblem?.(`console: ${message.text()}`);
    });
    const dispatch = createDispatcher(options.services.handlers, {
      trustedOrigin: server.origin,
      onRejected: (channel, code, message) => options.onPageProblem?.(`${channel} rejected: ${code} ${message}`),
    });
    const binding = await bindKiosk(page, dispatch);
    await page.goto(`${server.origin}/index.html`);
    const openServer = server;
    const openBrowser = browser;
    return {
      origin: server.origin,
      page,
      binding,
      async close() {
        await openBrowser.close();
        await openServer.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await server?.close();
    throw error;
  }
}
