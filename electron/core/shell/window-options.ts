/**
 * How the kiosk window is built, decided here so a test can pin it: full-screen kiosk mode unless
 * asked otherwise, the renderer sandboxed and isolated, developer tools only on request in an
 * unpackaged build. The fields are Electron's BrowserWindowConstructorOptions.
 */

export interface KioskWindowMode {
  /** FACEGATE_WINDOWED=1: an ordinary window, for development and the _electron test (kiosk mode grabs the screen). */
  windowed: boolean;
  /** FACEGATE_DEVTOOLS=1 in an unpackaged build; a packaged kiosk never has them. */
  devTools: boolean;
}

export function kioskWindowMode(env: Record<string, string | undefined>, packaged: boolean): KioskWindowMode {
  return { windowed: env.FACEGATE_WINDOWED === '1', devTools: !packaged && env.FACEGATE_DEVTOOLS === '1' };
}

export function kioskWindowOptions(mode: KioskWindowMode, preloadPath: string) {
  return {
    ...(mode.windowed ? { width: 1080, height: 800 } : { kiosk: true, fullscreen: true }),
    autoHideMenuBar: true,
    // Black from the first paint, so a reload after a crash does not flash white at the door.
    backgroundColor: '#000000',
    webPreferences: {
      // The sandboxed preload must be one CommonJS file (electron.vite.config.ts builds it so).
      preload: preloadPath,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: mode.devTools,
      // Nobody touches a kiosk: the granted/denied tones must play without a user gesture.
      autoplayPolicy: 'no-user-gesture-required' as const,
    },
  };
}
