import { isBlockedChord, type KeyInput } from './blocked-chords';
import { isOnOrigin } from './permissions';

/*
 * SECURITY BASELINE: DO NOT CHANGE without a security review (see electron/main/security.ts).
 * Applied to every web contents Electron creates, so nothing the page does can leave the kiosk page.
 */

export interface PreventableEvent {
  preventDefault(): void;
}

/** Electron's will-navigate details (Event<WebContentsWillNavigateEventParams>), as far as needed. */
export interface NavigationEvent extends PreventableEvent {
  url: string;
}

/** The slice of Electron's WebContents the lockdown touches; tests pass an EventEmitter. */
export interface WebContentsLike {
  on(event: 'will-navigate', listener: (event: NavigationEvent) => void): unknown;
  on(
    event: 'will-redirect' | 'will-attach-webview' | 'context-menu',
    listener: (event: PreventableEvent) => void,
  ): unknown;
  on(event: 'before-input-event', listener: (event: PreventableEvent, input: KeyInput) => void): unknown;
  on(event: 'zoom-changed', listener: () => void): unknown;
  on(event: 'did-finish-load', listener: () => void): unknown;
  setWindowOpenHandler(handler: (details: unknown) => { action: 'deny' }): void;
  setZoomFactor(factor: number): void;
  setVisualZoomLevelLimits(minimumLevel: number, maximumLevel: number): Promise<void>;
}

export interface LockdownOptions {
  /** Told once per chord pressed (not on key-up or auto-repeat), for the operator log. */
  onBlockedChord?: (input: KeyInput) => void;
  /**
   * Development only (core/shell/renderer-entry.ts decides): the Vite dev server's origin. After an
   * edit Vite reloads the page with location.reload(), which Electron reports as will-navigate, so a
   * navigation within that origin is let through; every other one is still denied.
   */
  devServerOrigin?: string;
}

const prevent = (event: PreventableEvent): void => event.preventDefault();

export function lockDownContents(contents: WebContentsLike, options: LockdownOptions = {}): void {
  // The kiosk is one page. loadURL and reload from main raise no will-navigate, so denying every
  // navigation the page starts (links, location changes, form posts, redirects) costs nothing.
  contents.on('will-navigate', (event) => {
    if (options.devServerOrigin !== undefined && isOnOrigin(event.url, options.devServerOrigin)) return;
    event.preventDefault();
  });
  contents.on('will-redirect', prevent);
  contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  contents.on('will-attach-webview', prevent);
  // A long press on a touch screen opens the context menu: inspect, reload, save image.
  contents.on('context-menu', prevent);

  contents.on('before-input-event', (event, input) => {
    if (!isBlockedChord(input)) return;
    event.preventDefault();
    if (input.type !== 'keyUp' && !input.isAutoRepeat) options.onBlockedChord?.(input);
  });

  // A zoomed kiosk puts the camera guide and the messages off screen. Ctrl+wheel raises
  // zoom-changed; pinch-zoom is visual zoom, limited per page load, hence did-finish-load.
  contents.on('zoom-changed', () => contents.setZoomFactor(1));
  contents.on('did-finish-load', () => {
    contents.setZoomFactor(1);
    // Rejects when the contents went away meanwhile: nothing left to zoom.
    contents.setVisualZoomLevelLimits(1, 1).catch(() => undefined);
  });
}
