import { describe, expect, it } from 'vitest';
import { CodedError } from '../../../../electron/core/ipc/dispatcher';
import { faultPageUrl, faultReason, faultWindowOptions } from '../../../../electron/core/shell/fault-page';

const html = (url: string) => decodeURIComponent(url.slice('data:text/html;charset=utf-8,'.length));

describe('faultPageUrl', () => {
  it('is a self-contained data: page saying the door is out of order, with the reason escaped', () => {
    const url = faultPageUrl('INVALID_CONFIG: <script>alert(1)</script> & "more"');
    expect(url.startsWith('data:text/html;charset=utf-8,')).toBe(true);
    expect(html(url)).toContain('Out of order');
    expect(html(url)).toContain('INVALID_CONFIG: &#60;script&#62;alert(1)&#60;/script&#62; &#38; &#34;more&#34;');
    expect(html(url)).not.toContain('<script>');
  });
});

describe('faultReason', () => {
  it("puts a coded error's code before its message", () => {
    expect(faultReason(new CodedError('INVALID_CONFIG', '/data/secrets.json: unreadable secrets file'))).toBe(
      'INVALID_CONFIG: /data/secrets.json: unreadable secrets file',
    );
  });

  it('does not repeat a code Node already put in the message', () => {
    const error = Object.assign(new Error("ENOTDIR: not a directory, open '/data/logs/facegate.log'"), {
      code: 'ENOTDIR',
    });
    expect(faultReason(error)).toBe("ENOTDIR: not a directory, open '/data/logs/facegate.log'");
  });

  it('takes anything thrown, and keeps a long message to one screen line', () => {
    expect(faultReason('plain string')).toBe('plain string');
    expect(faultReason(undefined)).toBe('undefined');
    const long = faultReason(new Error('x'.repeat(1000)));
    expect(long).toHaveLength(300);
    expect(long.endsWith('…')).toBe(true);
  });
});

describe('faultWindowOptions', () => {
  it('is the kiosk window, sandboxed and isolated, without a preload', () => {
    const options = faultWindowOptions({ windowed: false, devTools: false });
    expect(options).toMatchObject({
      kiosk: true,
      fullscreen: true,
      backgroundColor: '#000000',
      webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, devTools: false },
    });
    expect(options.webPreferences).not.toHaveProperty('preload');
  });
});
