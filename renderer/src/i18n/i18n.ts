import i18next, { type TFunction } from 'i18next';
import { de } from './locales/de';
import { en, type Messages } from './locales/en';
import { fr } from './locales/fr';

/**
 * Translation through i18next: one instance for the kiosk (not the global singleton, so nothing else
 * on the page can change its language behind the screen's back), resources bundled in the build (a
 * kiosk at a door must not fetch words at run time), initialised synchronously so the first screen
 * already has its text.
 */
export const LANGUAGES = { en, fr, de } satisfies Record<string, Messages>;
export type Language = keyof typeof LANGUAGES;
export const SUPPORTED_LANGUAGES = Object.keys(LANGUAGES) as Language[];

/** The language before main has said which one the kiosk speaks (settings.kiosk.language). */
export const DEFAULT_LANGUAGE: Language = 'en';

let kiosk: Language = DEFAULT_LANGUAGE;

/** The kiosk's own language, from KioskInfo.language; a visitor's welcome may still use theirs. */
export function setKioskLanguage(language: Language): void {
  kiosk = language;
}

export const kioskLanguage = (): Language => kiosk;

const instance = i18next.createInstance();
void instance.init({
  resources: Object.fromEntries(SUPPORTED_LANGUAGES.map((lng) => [lng, { translation: LANGUAGES[lng] }])),
  lng: DEFAULT_LANGUAGE,
  fallbackLng: DEFAULT_LANGUAGE,
  supportedLngs: SUPPORTED_LANGUAGES,
  initAsync: false,
  // Text goes into textContent, never innerHTML: escaping would show a name like O'Brien as O&#39;Brien.
  interpolation: { escapeValue: false },
  returnNull: false,
});

/** ISO 639-2 codes some directories store instead of 639-1. */
const THREE_LETTER: Record<string, Language> = { eng: 'en', fra: 'fr', fre: 'fr', deu: 'de', ger: 'de' };

/**
 * The supported language for an ISO code as FACEKI gives it ('fr', 'fr-CA', 'FR', 'fra', or empty),
 * or undefined when we have no translation for it (the caller then uses the kiosk's own language).
 */
export function supportedLanguage(code: string | undefined | null): Language | undefined {
  const primary = (code ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  if ((SUPPORTED_LANGUAGES as string[]).includes(primary)) return primary as Language;
  return THREE_LETTER[primary];
}

/** Dotted key paths of the message tables ('decision.welcome', 'guidance.FACE_TOO_SMALL', ...). */
export type Paths<T> = { [K in keyof T & string]: T[K] extends string ? K : `${K}.${Paths<T[K]>}` }[keyof T & string];
/** A plural's own key ('admin.pin.wrong' for wrong_one/wrong_other): i18next picks the form from `count`. */
type PluralBase<K> = K extends `${infer Base}_${'one' | 'other'}` ? Base : never;
export type MessageKey = Paths<Messages> | PluralBase<Paths<Messages>>;

/** `count` must be a number for i18next to choose a plural form (a string count is only interpolated). */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** A translator fixed to one language: the screen can word one decision in the visitor's language without switching the kiosk. */
const translators = new Map<Language, Translate>();

export function translator(language: Language = DEFAULT_LANGUAGE): Translate {
  // Screens ask for words on every state change: one fixed translator per language, made once.
  const made = translators.get(language);
  if (made) return made;
  const t: TFunction = instance.getFixedT(language);
  const translate: Translate = (key, values) => String(t(key, values ?? {}));
  translators.set(language, translate);
  return translate;
}
