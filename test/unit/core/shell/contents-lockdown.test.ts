import { describe, expect, it, vi } from 'vitest';
import type { KeyInput } from '../../../../electron/core/shell/blocked-chords';
import { lockDownContents } from '../../../../electron/core/shell/contents-lockdown';
import { chord, fire, FakeEvent, FakeWebContents } from './fakes';

function lockedDown() {
  const contents = new FakeWebContents();
  const blocked: KeyInput[] = [];
  lockDownContents(contents, { onBlockedChord: (input) => blocked.push(input) });
  return { contents, blocked };
}

describe('lockDownContents', () => {
  it('denies navigation the page starts', () => {
    const { contents } = lockedDown();
    expect(fire(contents, 'will-navigate', 'https://evil.example/').defaultPrevented).toBe(true);
    expect(fire(contents, 'will-navigate', 'app://facegate/other.html').defaultPrevented).toBe(true);
  });

  it('denies redirects', () => {
    const { contents } = lockedDown();
    expect(fire(contents, 'will-redirect', 'https://evil.example/').defaultPrevented).toBe(true);
  });

  it('denies window.open', () => {
    const { contents } = lockedDown();
    expect(contents.windowOpenHandler).toBeDefined();
    expect(contents.windowOpenHandler?.({ url: 'https://evil.example/', frameName: '' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'app://facegate/index.html' })).toEqual({ action: 'deny' });
  });

  it('denies attaching a webview', () => {
    const { contents } = lockedDown();
    expect(fire(contents, 'will-attach-webview', {}, { src: 'https://evil.example/' }).defaultPrevented).toBe(true);
  });

  it('blocks the context menu', () => {
    const { contents } = lockedDown();
    expect(fire(contents, 'context-menu', { x: 10, y: 10 }).defaultPrevented).toBe(true);
  });

  it('swallows a blocked chord and reports it once per press', () => {
    const { contents, blocked } = lockedDown();
    const reload = { ...chord('Ctrl+R'), type: 'keyDown' };
    expect(fire(contents, 'before-input-event', reload).defaultPrevented).toBe(true);
    expect(fire(contents, 'before-input-event', { ...reload, isAutoRepeat: true }).defaultPrevented).toBe(true);
    expect(fire(contents, 'before-input-event', { ...reload, type: 'keyUp' }).defaultPrevented).toBe(true);
    expect(blocked).toEqual([reload]);
  });

  it('lets typing and the admin chord reach the page', () => {
    const { contents, blocked } = lockedDown();
    for (const text of ['a', 'Shift+A', '4', 'Enter', 'Ctrl+Alt+Shift+A']) {
      expect(fire(contents, 'before-input-event', { ...chord(text), type: 'keyDown' }).defaultPrevented).toBe(false);
    }
    expect(blocked).toEqual([]);
  });

  it('puts the zoom back to 100% when it changes', () => {
    const { contents } = lockedDown();
    contents.zoomFactor = 1.5; // what Ctrl+wheel would have done
    fire(contents, 'zoom-changed', 'in');
    expect(contents.zoomFactor).toBe(1);
  });

  it('limits pinch zoom and resets the zoom on every page load', () => {
    const { contents } = lockedDown();
    expect(contents.visualZoomLimits).toBeUndefined();
    contents.zoomFactor = 2;
    contents.emit('did-finish-load');
    expect(contents.visualZoomLimits).toEqual([1, 1]);
    expect(contents.zoomFactor).toBe(1);
  });

  it('does not leave an unhandled rejection when the contents went away before the zoom limit', async () => {
    const onUnhandled = vi.fn();
    process.on('unhandledRejection', onUnhandled);
    try {
      const contents = new FakeWebContents();
      contents.visualZoomResult = Promise.reject(new Error('Render frame was disposed'));
      lockDownContents(contents);
      contents.emit('did-finish-load');
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(onUnhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

/** will-navigate as Electron 45 raises it: the details (with the URL) first, the deprecated URL after. */
function navigate(contents: FakeWebContents, url: string): FakeEvent {
  const details = Object.assign(new FakeEvent(), { url, isMainFrame: true, isSameDocument: false });
  contents.emit('will-navigate', details, url);
  return details;
}

describe('lockDownContents in development (npm run dev)', () => {
  const DEV_ORIGIN = 'http://localhost:5173';
  const devContents = () => {
    const contents = new FakeWebContents();
    lockDownContents(contents, { devServerOrigin: DEV_ORIGIN });
    return contents;
  };

  it("lets Vite reload the page from the dev server's own origin (location.reload() is a will-navigate)", () => {
    const contents = devContents();
    expect(navigate(contents, 'http://localhost:5173/').defaultPrevented).toBe(false);
    expect(navigate(contents, 'http://localhost:5173/index.html?t=1').defaultPrevented).toBe(false);
  });

  it('still denies every other navigation, every redirect and every window', () => {
    const contents = devContents();
    for (const url of [
      'http://localhost:5174/',
      'http://127.0.0.1:5173/',
      'https://localhost:5173/',
      'https://evil.example/',
      'app://facegate/index.html',
      'file:///etc/passwd',
    ]) {
      expect(navigate(contents, url).defaultPrevented, url).toBe(true);
    }
    expect(fire(contents, 'will-redirect', 'http://localhost:5173/').defaultPrevented).toBe(true);
    expect(contents.windowOpenHandler?.({ url: 'http://localhost:5173/' })).toEqual({ action: 'deny' });
  });

  it('without a dev server, denies a navigation to the dev URL like any other', () => {
    const contents = new FakeWebContents();
    lockDownContents(contents);
    expect(navigate(contents, 'http://localhost:5173/').defaultPrevented).toBe(true);
  });
});
