import type { KioskApi } from '../../electron/common/kiosk-api';

declare global {
  interface Window {
    /** Exposed by the preload (Electron) or the Node host (Chromium): the renderer's only way out. */
    readonly kiosk: KioskApi;
  }
}
