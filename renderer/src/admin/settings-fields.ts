import { RELAY_PROTOCOLS } from '../../../electron/common/relay-settings';
import type { MessageKey, Paths, Translate } from '../i18n/i18n';
import type { Messages } from '../i18n/locales/en';

/**
 * The settings the admin screen offers, grouped as an installer thinks of them. Anything not
 * listed (retry tuning, liveness internals) keeps its value from the file: the screen edits a copy
 * of the whole settings object, so what it does not show it does not lose. The words (labels,
 * hints, section titles) are in the locale tables under admin.*, keyed by path and section id.
 */
export type FieldKind = 'text' | 'number' | 'checkbox' | 'select';

type AdminWords = Messages['admin'];
/** A settings path the form shows: the locale tables have a label for each (admin.fields.<path>). */
export type FieldPath = Paths<AdminWords['fields']>;
export type SectionId = keyof AdminWords['sections'];
/** The selects whose values are words, worded in admin.choices.<group>.<value>. */
export type ChoiceGroup = keyof AdminWords['choices'];

export interface FieldDef {
  path: FieldPath;
  kind: FieldKind;
  options?: readonly string[];
  /** For a select whose values are words: where their translations are (the value saved stays). */
  choices?: ChoiceGroup;
  /** For numbers: the step of the input. */
  step?: number;
  /** The small print after the label, from admin.hints. */
  hint?: keyof AdminWords['hints'];
}

export interface SectionDef {
  id: SectionId;
  fields: FieldDef[];
}

const num = (path: FieldPath, step = 1, hint?: FieldDef['hint']): FieldDef => ({
  path,
  kind: 'number',
  step,
  ...(hint && { hint }),
});
const text = (path: FieldPath, hint?: FieldDef['hint']): FieldDef => ({ path, kind: 'text', ...(hint && { hint }) });
const check = (path: FieldPath): FieldDef => ({ path, kind: 'checkbox' });
const select = (path: FieldPath, options: readonly string[]): FieldDef => ({ path, kind: 'select', options });
/** A select whose values are words: each value must have its translation in admin.choices.<group>. */
const words = <G extends ChoiceGroup>(
  path: FieldPath,
  choices: G,
  options: readonly (keyof AdminWords['choices'][G] & string)[],
): FieldDef => ({ path, kind: 'select', options, choices });

/** The words of a field, in the screen's language. */
export function fieldLabel(t: Translate, field: FieldDef): string {
  return t(`admin.fields.${field.path}`);
}

export function fieldHint(t: Translate, field: FieldDef): string | undefined {
  return field.hint && t(`admin.hints.${field.hint}`);
}

export function sectionTitle(t: Translate, id: SectionId): string {
  return t(`admin.sections.${id}`);
}

/** What a select shows for a value: its translation when the value is a word, else the value itself. */
export function optionLabel(t: Translate, field: FieldDef, value: string): string {
  // words() checked at compile time that each of the field's values has its translation.
  return field.choices ? t(`admin.choices.${field.choices}.${value}` as MessageKey) : value;
}

export const SECTIONS: SectionDef[] = [
  {
    id: 'verifier',
    fields: [
      text('verifier.verifyUrl', 'httpsOnly'),
      text('verifier.tokenUrl'),
      text('verifier.clientId'),
      text('verifier.imageField'),
      num('verifier.timeoutMs', 100),
    ],
  },
  {
    id: 'camera',
    fields: [
      text('capture.cameraDevice'),
      select('capture.imageFormat', ['jpeg', 'png']),
      num('capture.jpegQuality', 0.01),
    ],
  },
  {
    id: 'gate',
    fields: [
      num('gate.minFaceWidthRatio', 0.01, 'stepCloser'),
      num('gate.maxFaceWidthRatio', 0.01, 'stepBack'),
      num('gate.minEyeDistanceRatio', 0.005),
      num('gate.borderMarginRatio', 0.005),
      num('gate.maxYawDeg'),
      num('gate.maxPitchDeg'),
      num('gate.maxRollDeg'),
      num('gate.minDetectorScore', 0.01),
      num('gate.minMeanLuma'),
      num('gate.maxMeanLuma'),
      num('gate.minContrast'),
      num('gate.minSharpness'),
      num('gate.framesToHold'),
      check('gate.pickLargestFace'),
      check('liveness.enabled'),
      num('liveness.minAntispoof', 0.01),
      num('liveness.minLiveness', 0.01),
      words('liveness.challenge', 'challenge', ['none', 'blink', 'turn']),
    ],
  },
  {
    id: 'relay',
    fields: [
      text('relay.port', 'serialPort'),
      select('relay.protocol', RELAY_PROTOCOLS),
      num('relay.channel'),
      num('relay.openMs', 100),
      num('relay.baudRate'),
      words('relay.lockType', 'lockType', ['fail-secure', 'fail-safe']),
    ],
  },
  {
    id: 'access',
    fields: [
      words('access.offlinePolicy', 'offlinePolicy', ['deny', 'cached']),
      num('access.cachedGrantMaxAgeHours'),
      num('access.cooldownMs', 100),
      num('access.minConfidence', 0.01),
    ],
  },
  {
    id: 'retention',
    fields: [num('retention.attemptDays'), check('retention.keepImages'), num('retention.imageDays')],
  },
  {
    id: 'kiosk',
    fields: [
      // Language codes, not names: the same in every language, and what settings.json holds.
      select('kiosk.language', ['en', 'fr', 'de']),
      check('kiosk.startAtLogin'),
      num('resultDisplayMs', 100),
      num('admin.maxPinAttempts'),
      num('admin.lockoutMinutes'),
      num('admin.idleMinutes'),
    ],
  },
];
