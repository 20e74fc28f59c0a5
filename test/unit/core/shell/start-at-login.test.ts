import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyStartAtLogin,
  autostartEntryPath,
  quoteExecArgument,
  type StartAtLoginDeps,
} from '../../../../electron/core/shell/start-at-login';
import { FakeApp } from './fakes';

let home: string;
beforeEach(() => {
  home = mkdtempSync(join(tmpdir(), 'facegate-autostart-'));
});
afterEach(() => {
  rmSync(home, { recursive: true, force: true });
});

function deps(overrides: Partial<StartAtLoginDeps> = {}): StartAtLoginDeps & { app: FakeApp } {
  return { app: new FakeApp(), env: {}, homedir: home, execPath: '/opt/facegate/facegate', ...overrides } as never;
}

describe('applyStartAtLogin on Windows and macOS', () => {
  it.each(['win32', 'darwin'] as const)('sets the login item on %s and writes no file', (platform) => {
    const d = deps();
    expect(applyStartAtLogin(true, platform, d)).toEqual({ via: 'login-item' });
    expect(applyStartAtLogin(false, platform, d)).toEqual({ via: 'login-item' });
    expect(d.app.loginItemSettings).toEqual([{ openAtLogin: true }, { openAtLogin: false }]);
    expect(existsSync(join(home, '.config'))).toBe(false);
  });
});

describe('applyStartAtLogin on Linux', () => {
  it('writes an XDG autostart entry under ~/.config by default', () => {
    const d = deps();
    const path = join(home, '.config', 'autostart', 'facegate.desktop');
    expect(applyStartAtLogin(true, 'linux', d)).toEqual({ via: 'autostart-entry', path });
    expect(readFileSync(path, 'utf8')).toBe(
      [
        '[Desktop Entry]',
        'Type=Application',
        'Name=facegate',
        'Comment=Door-access kiosk',
        'Exec="/opt/facegate/facegate"',
        'Terminal=false',
        'X-GNOME-Autostart-enabled=true',
        '',
      ].join('\n'),
    );
    expect(d.app.loginItemSettings).toEqual([]);
    expect(existsSync(`${path}.tmp`)).toBe(false);
  });

  it('writes under XDG_CONFIG_HOME when it is set', () => {
    const config = join(home, 'cfg');
    const { path } = applyStartAtLogin(true, 'linux', deps({ env: { XDG_CONFIG_HOME: config } })) as { path: string };
    expect(path).toBe(join(config, 'autostart', 'facegate.desktop'));
    expect(existsSync(path)).toBe(true);
  });

  it('ignores a relative XDG_CONFIG_HOME, as the spec says', () => {
    expect(autostartEntryPath({ XDG_CONFIG_HOME: 'cfg' }, home)).toBe(
      join(home, '.config', 'autostart', 'facegate.desktop'),
    );
  });

  it('starts the AppImage file rather than the executable inside its mount', () => {
    const d = deps({
      env: { APPIMAGE: '/home/kiosk/Apps/facegate-1.0.0.AppImage' },
      execPath: '/tmp/.mount_facegXYZ/facegate',
    });
    applyStartAtLogin(true, 'linux', d);
    const entry = readFileSync(join(home, '.config', 'autostart', 'facegate.desktop'), 'utf8');
    expect(entry).toContain('Exec="/home/kiosk/Apps/facegate-1.0.0.AppImage"\n');
    expect(entry).not.toContain('.mount_');
  });

  it('passes the app folder to an unpackaged Electron', () => {
    applyStartAtLogin(true, 'linux', deps({ execPath: '/src/node_modules/electron/dist/electron', args: ['/src'] }));
    const entry = readFileSync(join(home, '.config', 'autostart', 'facegate.desktop'), 'utf8');
    expect(entry).toContain('Exec="/src/node_modules/electron/dist/electron" "/src"\n');
  });

  it('replaces an existing entry and removes it when turned off', () => {
    const path = join(home, '.config', 'autostart', 'facegate.desktop');
    mkdirSync(join(home, '.config', 'autostart'), { recursive: true });
    writeFileSync(path, 'stale');
    applyStartAtLogin(true, 'linux', deps());
    expect(readFileSync(path, 'utf8')).toContain('[Desktop Entry]');
    expect(applyStartAtLogin(false, 'linux', deps())).toEqual({ via: 'autostart-entry', path });
    expect(existsSync(path)).toBe(false);
  });

  it('is content to turn off an entry that was never written', () => {
    expect(() => applyStartAtLogin(false, 'linux', deps())).not.toThrow();
    expect(existsSync(join(home, '.config', 'autostart'))).toBe(false);
  });
});

describe('quoteExecArgument', () => {
  it('quotes and escapes per the Desktop Entry spec', () => {
    expect(quoteExecArgument('/opt/face gate/facegate')).toBe('"/opt/face gate/facegate"');
    // " ` $ take a backslash inside the quotes, and that backslash is doubled by the string escaping.
    expect(quoteExecArgument('/a"b`c$d')).toBe('"/a\\\\"b\\\\`c\\\\$d"');
    // A literal backslash ends up as four.
    expect(quoteExecArgument('C:\\x')).toBe('"C:\\\\\\\\x"');
    // % would be a field code.
    expect(quoteExecArgument('/opt/100%/facegate')).toBe('"/opt/100%%/facegate"');
  });

  it('refuses a line break, which would end the Exec line', () => {
    expect(() => quoteExecArgument('/opt/face\ngate')).toThrow(/line break/);
  });
});
