import { describe, expect, it } from 'vitest';
import { kioskWindowMode, kioskWindowOptions } from '../../../../electron/core/shell/window-options';

describe('kioskWindowMode', () => {
  it('is a kiosk without developer tools by default', () => {
    expect(kioskWindowMode({}, false)).toEqual({ windowed: false, devTools: false });
    expect(kioskWindowMode({}, true)).toEqual({ windowed: false, devTools: false });
  });

  it('opens an ordinary window when FACEGATE_WINDOWED=1', () => {
    expect(kioskWindowMode({ FACEGATE_WINDOWED: '1' }, true).windowed).toBe(true);
    expect(kioskWindowMode({ FACEGATE_WINDOWED: 'true' }, true).windowed).toBe(false);
  });

  it('allows developer tools only on request in an unpackaged build', () => {
    expect(kioskWindowMode({ FACEGATE_DEVTOOLS: '1' }, false).devTools).toBe(true);
    expect(kioskWindowMode({ FACEGATE_DEVTOOLS: '1' }, true).devTools).toBe(false);
    expect(kioskWindowMode({ FACEGATE_DEVTOOLS: '0' }, false).devTools).toBe(false);
  });
});

describe('kioskWindowOptions', () => {
  it('fills the screen in kiosk mode', () => {
    const options = kioskWindowOptions({ windowed: false, devTools: false }, '/app/out/preload/index.cjs');
    expect(options).toMatchObject({ kiosk: true, fullscreen: true, backgroundColor: '#000000' });
    expect(options).not.toHaveProperty('width');
  });

  it('is an ordinary window when windowed', () => {
    const options = kioskWindowOptions({ windowed: true, devTools: false }, '/p');
    expect(options).toMatchObject({ width: 1080, height: 800 });
    expect(options).not.toHaveProperty('kiosk');
    expect(options).not.toHaveProperty('fullscreen');
  });

  it('isolates and sandboxes the renderer', () => {
    const { webPreferences } = kioskWindowOptions({ windowed: false, devTools: true }, '/app/out/preload/index.cjs');
    expect(webPreferences).toEqual({
      preload: '/app/out/preload/index.cjs',
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      sandbox: true,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
      devTools: true,
      autoplayPolicy: 'no-user-gesture-required',
    });
  });
});
