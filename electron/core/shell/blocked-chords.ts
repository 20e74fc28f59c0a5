/**
 * Keys that would take the kiosk away from the person at the door: reload it, open the developer
 * tools, zoom it, close it, leave full screen, print, search, or walk its history. The lockdown
 * swallows them in 'before-input-event', before the page or any menu accelerator sees them.
 *
 * What an app cannot block from the inside, because the OS acts before Chromium sees the key:
 * Ctrl+Alt+Del (Windows' secure attention sequence), Alt+Tab, Win/Super, Ctrl+Alt+F1..F7 (Linux
 * virtual terminals), Cmd+Tab, Cmd+Option+Esc, Cmd+Ctrl+Q, edge swipes on touch screens, and Alt+F4
 * on desktops whose window manager handles it itself. Those are the kiosk session's job: Windows
 * Assigned Access / Shell Launcher, a single-app Linux session (cage, a locked-down GNOME), macOS
 * managed kiosk profiles. See the operator guide.
 */

/** The part of Electron's `Input` a chord decision needs. */
export interface KeyInput {
  /** KeyboardEvent.key: 'r', 'R', 'F5', 'ArrowLeft', '+', ... */
  key: string;
  control: boolean;
  meta: boolean;
  alt: boolean;
  shift: boolean;
  /** 'keyDown' or 'keyUp'; both halves of a blocked chord are swallowed. */
  type?: string;
  isAutoRepeat?: boolean;
}

/**
 * Which modifiers a rule needs. "primary" is Ctrl or Cmd: both are checked on every platform, because
 * Electron's default accelerators use CmdOrCtrl and a Super+R on Linux does no good at a door either.
 * Ctrl together with Alt is not primary: that is AltGr on Windows and most European layouts, which
 * types characters ('[' is AltGr+8 in German) an operator may need in the admin screen.
 * Otherwise extra modifiers never rescue a chord: Ctrl+Shift+R reloads as surely as Ctrl+R.
 */
export type ChordModifiers = 'none' | 'primary' | 'primary+shift' | 'cmd+alt' | 'alt';

export interface ChordRule {
  why: string;
  /** KeyboardEvent.key values; single characters compare case-insensitively. */
  keys: readonly string[];
  modifiers: ChordModifiers;
}

export const BLOCKED_CHORDS: readonly ChordRule[] = [
  { why: 'reload', keys: ['F5', 'BrowserRefresh'], modifiers: 'none' },
  { why: 'reload (Ctrl/Cmd+R, +Shift for a hard reload)', keys: ['r'], modifiers: 'primary' },
  { why: 'developer tools', keys: ['F12'], modifiers: 'none' },
  { why: 'developer tools / inspect (Ctrl+Shift+I/J/C)', keys: ['i', 'j', 'c'], modifiers: 'primary+shift' },
  { why: 'developer tools / inspect on macOS (Cmd+Alt+I/J/C)', keys: ['i', 'j', 'c'], modifiers: 'cmd+alt' },
  // '+' is Shift+'=' on many layouts and '_' is Shift+'-': Chromium zooms on all of them.
  { why: 'zoom in, out, reset', keys: ['+', '=', '-', '_', '0'], modifiers: 'primary' },
  { why: 'close the window, quit (Ctrl/Cmd+W, Ctrl/Cmd+Q, Ctrl+F4)', keys: ['w', 'q', 'F4'], modifiers: 'primary' },
  { why: 'close the window (Alt+F4, where the window manager leaves it to us)', keys: ['F4'], modifiers: 'alt' },
  { why: 'hide or minimise the window (macOS Cmd+H, Cmd+M)', keys: ['h', 'm'], modifiers: 'primary' },
  { why: 'leave or enter full screen', keys: ['F11'], modifiers: 'none' },
  // Also covers macOS Cmd+Ctrl+F (full screen): it carries the primary modifier.
  { why: 'find in page, find next', keys: ['f', 'g'], modifiers: 'primary' },
  { why: 'print', keys: ['p'], modifiers: 'primary' },
  { why: 'new window, open a file, save or view the page', keys: ['n', 'o', 's', 'u'], modifiers: 'primary' },
  { why: 'back, forward', keys: ['ArrowLeft', 'ArrowRight'], modifiers: 'alt' },
  { why: 'back, forward (macOS Cmd+[ and Cmd+])', keys: ['[', ']'], modifiers: 'primary' },
  {
    why: 'back, forward, home (media keyboards)',
    keys: ['BrowserBack', 'BrowserForward', 'BrowserHome'],
    modifiers: 'none',
  },
];

/**
 * Chords that must reach the page even if a rule above would match them. The admin screen opens on
 * Ctrl+Alt+Shift+A, which the renderer handles itself; it is listed here so a future rule (say, "all
 * of Ctrl+Alt") cannot lock the operator out of their own kiosk.
 */
export const ALLOWED_CHORDS: readonly KeyInput[] = [
  { key: 'a', control: true, alt: true, shift: true, meta: false }, // the admin screen
];

const normalize = (key: string): string => (key.length === 1 ? key.toLowerCase() : key);

function hasModifiers(input: KeyInput, modifiers: ChordModifiers): boolean {
  const primary = input.meta || (input.control && !input.alt);
  switch (modifiers) {
    case 'none':
      return true;
    case 'primary':
      return primary;
    case 'primary+shift':
      return primary && input.shift;
    case 'cmd+alt':
      return input.meta && input.alt;
    case 'alt':
      return input.alt;
  }
}

const sameChord = (a: KeyInput, b: KeyInput): boolean =>
  normalize(a.key) === normalize(b.key) &&
  a.control === b.control &&
  a.meta === b.meta &&
  a.alt === b.alt &&
  a.shift === b.shift;

/** The rule that blocks this key press, or null when the page may have it. `rules` is for tests. */
export function blockingRule(input: KeyInput, rules: readonly ChordRule[] = BLOCKED_CHORDS): ChordRule | null {
  if (ALLOWED_CHORDS.some((allowed) => sameChord(allowed, input))) return null;
  const key = normalize(input.key);
  return (
    rules.find((rule) => rule.keys.some((k) => normalize(k) === key) && hasModifiers(input, rule.modifiers)) ?? null
  );
}

export const isBlockedChord = (input: KeyInput, rules: readonly ChordRule[] = BLOCKED_CHORDS): boolean =>
  blockingRule(input, rules) !== null;
