import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LANGUAGE,
  LANGUAGES,
  SUPPORTED_LANGUAGES,
  supportedLanguage,
  translator,
  type MessageKey,
} from '../../../renderer/src/i18n/i18n';
import { en, GUIDANCE_CODES } from '../../../renderer/src/i18n/locales/en';
import { guidanceText } from '../../../renderer/src/i18n/messages';

/** Every leaf of a message table as [dotted key, text]. */
function leaves(table: object, prefix = ''): [string, string][] {
  return Object.entries(table).flatMap(([k, v]): [string, string][] =>
    typeof v === 'string' ? [[`${prefix}${k}`, v]] : leaves(v as object, `${prefix}${k}.`),
  );
}

const placeholders = (s: string): string[] => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]!).sort();

// The codes the renderer's gate (vision/gate.ts) and liveness can put on screen.
const GATE_CODES = [
  'FACE_NOT_FOUND',
  'TOO_MANY_FACES',
  'FACE_CROPPED',
  'FACE_TOO_CLOSE',
  'FACE_TOO_SMALL',
  'FACE_CLOSE_TO_BORDER',
  'LOW_DETECTION_SCORE',
  'FACE_ANGLE_TOO_LARGE',
  'POOR_LIGHT',
  'FACE_BLUR',
  'LIVENESS_FAILED',
] as const;

describe('translations', () => {
  it('offers English (the default) and at least one more language', () => {
    expect(DEFAULT_LANGUAGE).toBe('en');
    expect(SUPPORTED_LANGUAGES).toEqual(expect.arrayContaining(['en', 'fr', 'de']));
  });

  const reference = leaves(en);
  describe.each(SUPPORTED_LANGUAGES)('%s', (language) => {
    const table = new Map(leaves(LANGUAGES[language]));

    it('has every key English has, and no other', () => {
      expect([...table.keys()].sort()).toEqual(reference.map(([k]) => k).sort());
    });

    it('fills every key with words, with the same placeholders as English', () => {
      for (const [key, english] of reference) {
        const words = table.get(key) ?? '';
        expect(words.trim(), key).not.toBe('');
        expect(placeholders(words), key).toEqual(placeholders(english));
      }
    });

    it('resolves every key through i18next (no key echoed back for a missing translation)', () => {
      const t = translator(language);
      for (const [key, english] of reference) {
        // A value for each placeholder the key has (a number for count: i18next's plurals need one).
        const values = Object.fromEntries(placeholders(english).map((name) => [name, name === 'count' ? 2 : 'X']));
        const out = t(key as MessageKey, values);
        expect(out, key).not.toBe(key);
        expect(out, key).not.toMatch(/\{\{/);
      }
    });

    it('has guidance for every gate code', () => {
      for (const code of GATE_CODES) {
        expect(GUIDANCE_CODES).toContain(code);
        expect(guidanceText(code, language), code).toBe(LANGUAGES[language].guidance[code]);
      }
    });

    it('is really translated: guidance differs from English (except in English)', () => {
      if (language === 'en') return;
      expect(guidanceText('FACE_TOO_SMALL', language)).not.toBe(guidanceText('FACE_TOO_SMALL', 'en'));
      expect(guidanceText('LIVENESS_FAILED', language)).not.toBe(guidanceText('LIVENESS_FAILED', 'en'));
    });
  });
});

describe('supportedLanguage', () => {
  it('reads the ISO codes a directory may hold', () => {
    expect(supportedLanguage('fr')).toBe('fr');
    expect(supportedLanguage(' FR ')).toBe('fr');
    expect(supportedLanguage('fr-BE')).toBe('fr');
    expect(supportedLanguage('de_AT')).toBe('de');
    expect(supportedLanguage('fra')).toBe('fr');
    expect(supportedLanguage('ger')).toBe('de');
    expect(supportedLanguage('en-GB')).toBe('en');
  });

  it('says "none" for what it cannot speak', () => {
    for (const code of ['', 'es', 'zh-Hant', undefined, null, 'french'])
      expect(supportedLanguage(code)).toBeUndefined();
  });
});
