import { describe, expect, it } from 'vitest';
import {
  ALLOWED_CHORDS,
  BLOCKED_CHORDS,
  blockingRule,
  isBlockedChord,
} from '../../../../electron/core/shell/blocked-chords';
import { chord } from './fakes';

describe('isBlockedChord', () => {
  it.each([
    // reload
    'F5',
    'Ctrl+F5',
    'Shift+F5',
    'Ctrl+R',
    'Ctrl+Shift+R',
    'Cmd+R',
    'Cmd+Shift+R',
    'BrowserRefresh',
    // developer tools
    'F12',
    'Ctrl+Shift+I',
    'Ctrl+Shift+J',
    'Ctrl+Shift+C',
    'Cmd+Alt+I',
    'Cmd+Alt+J',
    'Cmd+Alt+C',
    // zoom
    'Ctrl++',
    'Ctrl+=',
    'Ctrl+-',
    'Ctrl+0',
    'Cmd++',
    'Cmd+-',
    'Cmd+0',
    // close, quit, hide
    'Ctrl+W',
    'Ctrl+Shift+W',
    'Ctrl+Q',
    'Cmd+Q',
    'Cmd+W',
    'Ctrl+F4',
    'Alt+F4',
    'Cmd+H',
    'Cmd+M',
    // full screen
    'F11',
    'Ctrl+Cmd+F',
    // print, find
    'Ctrl+P',
    'Cmd+P',
    'Ctrl+F',
    'Cmd+F',
    'Ctrl+G',
    // browser commands
    'Ctrl+N',
    'Ctrl+O',
    'Ctrl+S',
    'Ctrl+U',
    // history
    'Alt+ArrowLeft',
    'Alt+ArrowRight',
    'Cmd+[',
    'Cmd+]',
    'BrowserBack',
    'BrowserForward',
    'BrowserHome',
  ])('blocks %s', (text) => {
    expect(isBlockedChord(chord(text))).toBe(true);
  });

  it.each([
    // the admin screen's own chord, handled by the page
    'Ctrl+Alt+Shift+A',
    // typing, in the admin screen's fields
    'a',
    'Shift+A',
    'r',
    '0',
    '+',
    '-',
    'Enter',
    'Backspace',
    'Escape',
    'Tab',
    'ArrowLeft',
    'ArrowRight',
    // editing
    'Ctrl+A',
    'Ctrl+C',
    'Ctrl+V',
    'Ctrl+X',
    'Ctrl+Z',
    'Cmd+C',
    'Cmd+V',
    // AltGr is Ctrl+Alt on Windows: German AltGr+8/9/0 type [ ] }, AltGr+Q types @
    'Ctrl+Alt+[',
    'Ctrl+Alt+]',
    'Ctrl+Alt+}',
    'Ctrl+Alt+@',
  ])('lets %s through', (text) => {
    expect(isBlockedChord(chord(text))).toBe(false);
  });

  it('says which rule blocked a chord', () => {
    expect(blockingRule(chord('Ctrl+Shift+R'))?.why).toMatch(/^reload/);
    expect(blockingRule(chord('Alt+F4'))?.why).toMatch(/^close the window/);
    expect(blockingRule(chord('a'))).toBeNull();
  });

  it('lets an allowed chord through even where a rule would match it', () => {
    // A careless future rule that swallows every A, with or without modifiers.
    const greedy = [{ why: 'test', keys: ['a'], modifiers: 'none' as const }];
    expect(isBlockedChord(chord('a'), greedy)).toBe(true);
    expect(isBlockedChord(chord('Ctrl+Shift+A'), greedy)).toBe(true);
    for (const allowed of ALLOWED_CHORDS) {
      expect(isBlockedChord(allowed, greedy)).toBe(false);
      expect(isBlockedChord({ ...allowed, key: allowed.key.toUpperCase() }, greedy)).toBe(false);
    }
    expect(isBlockedChord(chord('Ctrl+Alt+Shift+A'), greedy)).toBe(false);
  });

  it('has a reason and at least one key in every rule', () => {
    for (const rule of BLOCKED_CHORDS) {
      expect(rule.why.length).toBeGreaterThan(3);
      expect(rule.keys.length).toBeGreaterThan(0);
    }
  });
});
