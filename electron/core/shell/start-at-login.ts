import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';

/**
 * settings.kiosk.startAtLogin: Windows and macOS keep login items themselves (Electron's
 * setLoginItemSettings); Linux desktops follow the XDG autostart spec, a .desktop file in
 * ~/.config/autostart. Paths come in as dependencies, so tests write into a temporary folder.
 */

export interface LoginItemAppLike {
  setLoginItemSettings(settings: { openAtLogin: boolean }): void;
}

export interface StartAtLoginDeps {
  app: LoginItemAppLike;
  /** XDG_CONFIG_HOME and APPIMAGE are read from here. */
  env: Record<string, string | undefined>;
  homedir: string;
  /** The program to start: process.execPath (replaced by $APPIMAGE inside an AppImage). */
  execPath: string;
  /** Arguments after it, e.g. the app folder when running an unpackaged build. */
  args?: readonly string[];
}

export type StartAtLoginResult = { via: 'login-item' } | { via: 'autostart-entry'; path: string };

export const AUTOSTART_FILE = 'facegate.desktop';

export function autostartEntryPath(env: Record<string, string | undefined>, homedir: string): string {
  // The spec ignores a relative XDG_CONFIG_HOME.
  const configHome =
    env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir, '.config');
  return join(configHome, 'autostart', AUTOSTART_FILE);
}

/**
 * One Exec= argument, quoted per the Desktop Entry spec: inside double quotes, `"`, `` ` ``, `$`
 * and `\` take a backslash; then the string-value escaping doubles every backslash again, and `%`
 * (a field code) is written `%%`.
 */
export function quoteExecArgument(arg: string): string {
  if (/[\n\r]/.test(arg)) throw new Error(`cannot put a line break in a desktop entry: ${JSON.stringify(arg)}`);
  const quoted = `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return quoted.replace(/\\/g, '\\\\').replace(/%/g, '%%');
}

export function autostartEntry(command: string, args: readonly string[] = []): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=facegate',
    'Comment=Door-access kiosk',
    `Exec=${[command, ...args].map(quoteExecArgument).join(' ')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

/** Makes the OS start facegate at login, or stop doing so. Throws on a file error: the caller logs it. */
export function applyStartAtLogin(
  enabled: boolean,
  platform: NodeJS.Platform,
  deps: StartAtLoginDeps,
): StartAtLoginResult {
  if (platform === 'win32' || platform === 'darwin') {
    deps.app.setLoginItemSettings({ openAtLogin: enabled });
    return { via: 'login-item' };
  }
  const path = autostartEntryPath(deps.env, deps.homedir);
  if (!enabled) {
    rmSync(path, { force: true });
    return { via: 'autostart-entry', path };
  }
  // An AppImage's execPath is inside a mount that changes every run; $APPIMAGE is the file itself.
  const command = deps.env.APPIMAGE || deps.execPath;
  mkdirSync(dirname(path), { recursive: true });
  // Write then rename: a desktop that reads the folder mid-write never sees half an entry.
  const temporary = `${path}.tmp`;
  writeFileSync(temporary, autostartEntry(command, deps.args));
  renameSync(temporary, path);
  return { via: 'autostart-entry', path };
}
