import { describe, expect, it } from 'vitest';
import {
  SECTIONS,
  fieldHint,
  fieldLabel,
  optionLabel,
  sectionTitle,
} from '../../../renderer/src/admin/settings-fields';
import { LANGUAGES, SUPPORTED_LANGUAGES, translator, type Language } from '../../../renderer/src/i18n/i18n';
import { en } from '../../../renderer/src/i18n/locales/en';

// The operator's admin screen in the kiosk's languages: the admin section of the locale tables
// (i18n.test.ts checks key parity and placeholders for every key; this looks at what the admin
// screen needs of them).

/** Every leaf of a message table as [dotted key, text]. */
function leaves(table: object, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v as object, `${prefix}${k}.`),
  );
}

const OTHERS = SUPPORTED_LANGUAGES.filter((l) => l !== 'en');

/**
 * Words that are right as they are in English: "OK" on a button, and a column header the language
 * borrowed ("Code" in both, "Online" and "Name" in German). Anything else equal to English was left untranslated.
 */
const SAME_AS_ENGLISH: Record<Language, readonly string[]> = {
  en: [],
  fr: ['OK', 'Code'],
  de: ['OK', 'Code', 'Online', 'Name'],
};

describe('the admin screen’s words', () => {
  const english = leaves(en.admin, 'admin.');

  it('is there in every language, key for key', () => {
    expect(english.length).toBeGreaterThan(100);
    for (const language of OTHERS) {
      const keys = leaves(LANGUAGES[language].admin, 'admin.').map(([k]) => k);
      expect(keys.sort(), language).toEqual(english.map(([k]) => k).sort());
    }
  });

  it.each(OTHERS)('is translated into %s (nothing left in English but the few that are right so)', (language) => {
    const table = new Map(leaves(LANGUAGES[language].admin, 'admin.'));
    const untranslated = english
      .filter(([key, words]) => table.get(key) === words && !SAME_AS_ENGLISH[language].includes(words))
      .map(([key]) => key);
    expect(untranslated).toEqual([]);
  });

  it('says how many PIN attempts are left with the plural each language needs', () => {
    const wrong = (language: Language, count: number) => translator(language)('admin.pin.wrong', { count });
    // The English of the end-to-end tests (test/e2e/admin.spec.ts, admin.electron.spec.ts).
    expect(wrong('en', 1)).toBe('Wrong PIN: 1 attempt left.');
    expect(wrong('en', 2)).toBe('Wrong PIN: 2 attempts left.');
    expect(wrong('fr', 1)).toBe('PIN erroné\u00a0: 1 essai restant.');
    expect(wrong('fr', 2)).toBe('PIN erroné\u00a0: 2 essais restants.');
    expect(wrong('de', 1)).toBe('Falsche PIN: 1 Versuch übrig.');
    expect(wrong('de', 2)).toBe('Falsche PIN: 2 Versuche übrig.');
    // The rules are the language's own, not English's: French counts zero as one.
    expect(wrong('fr', 0)).toContain('0 essai restant');
    expect(wrong('en', 0)).toContain('0 attempts left');
  });

  it('counts exported attempts the same way', () => {
    const exported = (language: Language, count: number) =>
      translator(language)('admin.attempts.exported', { count, file: 'a.csv' });
    expect(exported('en', 1)).toBe('exported 1 attempt as a.csv');
    expect(exported('en', 3)).toBe('exported 3 attempts as a.csv');
    expect(exported('fr', 3)).toBe('3 tentatives exportées dans a.csv');
    expect(exported('de', 1)).toBe('1 Versuch als a.csv exportiert');
  });

  it('keeps the English the end-to-end tests read', () => {
    const t = translator('en');
    expect(t('admin.pin.locked', { time: '10:00:00' })).toMatch(/^Too many wrong PINs: locked until 10:00:00/);
    expect(t('admin.settings.fileInvalid', { path: 'settings.json', code: 'INVALID_CONFIG', message: 'x' })).toContain(
      'settings.json is invalid',
    );
    expect(t('admin.settings.saved')).toBe('Saved. The kiosk uses the new settings when this screen closes.');
    expect(t('admin.settings.notSavedFix')).toBe('Not saved: fix the fields marked in red.');
  });

  it.each(SUPPORTED_LANGUAGES)('leaves commands, paths and codes as they are typed (%s)', (language) => {
    const t = translator(language);
    expect(t('admin.pin.notSet')).toContain('npx facegate admin set-pin');
    expect(t('admin.hints.serialPort')).toMatch(/\/dev\/ttyUSB0 .* COM3$/);
    expect(t('admin.attempts.codePlaceholder')).toContain('NO_MATCH');
  });
});

describe('the settings form’s labels', () => {
  it.each(SUPPORTED_LANGUAGES)('has a label for each field and a title for each section (%s)', (language) => {
    const t = translator(language);
    for (const section of SECTIONS) {
      expect(sectionTitle(t, section.id), section.id).not.toMatch(/^admin\./);
      for (const field of section.fields) {
        expect(fieldLabel(t, field), field.path).not.toMatch(/^admin\./);
        if (field.hint) expect(fieldHint(t, field), field.path).not.toMatch(/^admin\./);
        for (const value of field.options ?? []) {
          // i18next echoes a key it does not have: a worded value must never come back as its key.
          expect(optionLabel(t, field, value), `${field.path}=${value}`).not.toMatch(/^admin\./);
        }
      }
    }
  });

  it('has no label or hint for a field the form does not show (the table and the form agree)', () => {
    const shown = SECTIONS.flatMap((s) => s.fields);
    expect(
      leaves(en.admin.fields)
        .map(([path]) => path)
        .sort(),
    ).toEqual(shown.map((f) => f.path).sort());
    expect(Object.keys(en.admin.hints).sort()).toEqual(
      [...new Set(shown.flatMap((f) => (f.hint ? [f.hint] : [])))].sort(),
    );
    expect(Object.keys(en.admin.sections).sort()).toEqual(SECTIONS.map((s) => s.id).sort());
  });

  it('shows a setting’s value words translated, and its value unchanged', () => {
    const lockType = SECTIONS.flatMap((s) => s.fields).find((f) => f.path === 'relay.lockType')!;
    expect(lockType.options).toEqual(['fail-secure', 'fail-safe']);
    expect(optionLabel(translator('en'), lockType, 'fail-secure')).toBe('fail-secure');
    expect(optionLabel(translator('de'), lockType, 'fail-secure')).toBe('Fail-Secure (stromlos verriegelt)');
    const language = SECTIONS.flatMap((s) => s.fields).find((f) => f.path === 'kiosk.language')!;
    expect(optionLabel(translator('fr'), language, 'de')).toBe('de');
  });
});
