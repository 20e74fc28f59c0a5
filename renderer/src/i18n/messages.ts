import type { Code } from '../../../electron/common/codes';
import type { Decision } from '../../../electron/common/decision';
import { kioskLanguage, supportedLanguage, translator, type Language, type Translate } from './i18n';
import { GUIDANCE_CODES, type GuidanceCode } from './locales/en';

/**
 * What the person at the door reads, keyed by code: short imperative guidance for the gate's codes,
 * one title and one line for each decision, one line for each fault. The words live in locales/ and
 * go through i18next (i18n.ts); this file decides which words a situation needs.
 */

const isGuidanceCode = (code: Code): code is GuidanceCode => (GUIDANCE_CODES as readonly Code[]).includes(code);

/** Guidance for a gate code, in a language; an unknown code falls back to "Look at the camera". */
export function guidanceText(code: Code, language: Language = kioskLanguage()): string {
  return translator(language)(`guidance.${isGuidanceCode(code) ? code : 'FACE_NOT_FOUND'}`);
}

const k = (key: Parameters<Translate>[0]): string => translator(kioskLanguage())(key);

/** The kiosk's fixed lines, in its language at the time they are read. */
export const text = {
  get starting() {
    return k('state.starting');
  },
  get idle() {
    return k('state.idle');
  },
  get idleDetail() {
    return k('state.idleDetail');
  },
  get holding() {
    return k('state.holding');
  },
  get enrolFirst() {
    return k('setup.enrolFirst');
  },
  get enrolFirstDetail() {
    return k('setup.enrolFirstDetail');
  },
  get verifying() {
    return k('state.verifying');
  },
  get verifyingDetail() {
    return k('state.verifyingDetail');
  },
  get cameraFault() {
    return k('fault.camera');
  },
  get modelFault() {
    return k('fault.model');
  },
  get configFault() {
    return k('fault.config');
  },
  get storageFault() {
    return k('fault.storage');
  },
  get otherFault() {
    return k('fault.other');
  },
  get relayUnavailable() {
    return k('operator.relayUnavailable');
  },
  get relayNone() {
    return k('operator.relayNone');
  },
  get cameraLost() {
    return k('operator.cameraLost');
  },
  get configFallback() {
    return k('operator.configFallback');
  },
  get offlineBanner() {
    return k('banner.offline');
  },
  guidance: (code: Code): string => guidanceText(code),
};

type FaultKind = 'camera' | 'model' | 'config' | 'storage' | 'other';

function faultKind(code: Code | undefined): FaultKind {
  switch (code) {
    case 'FAILED_TO_READ_MODEL':
      return 'model';
    case 'CAMERA_UNAVAILABLE':
    case 'CAMERA_FROZEN':
      return 'camera';
    case 'INVALID_CONFIG':
      return 'config';
    case 'STORAGE_FAILED':
      return 'storage';
    default:
      return 'other';
  }
}

/** The one line a person sees when the kiosk cannot work; the code beneath is for the operator. */
export function faultText(code: Code | undefined, language: Language = kioskLanguage()): string {
  return translator(language)(`fault.${faultKind(code)}`);
}

/** The operator's name for a fault, with its code: small print in the corner, for whoever is called. */
export function operatorFaultText(code: Code | undefined, language: Language = kioskLanguage()): string {
  const t = translator(language);
  // A frozen picture is a different repair from a missing camera (a stuck driver, not a cable).
  const what = code === 'CAMERA_FROZEN' ? t('operator.cameraFrozen') : t(`operator.${faultKind(code)}`);
  return code ? `${what} (${code})` : what;
}

export interface DecisionText {
  title: string;
  detail: string;
  /** The language the text is in: the visitor's own for a welcome, when we have it. */
  language: Language;
}

/**
 * The language a decision is worded in. A welcome speaks the recognised person's language when the
 * verify service gave one we support; everything else (nobody was recognised) the kiosk's own.
 */
export function decisionLanguage(d: Decision): Language {
  return (d.decision === 'granted' && supportedLanguage(d.user?.language)) || kioskLanguage();
}

export function decisionText(d: Decision, language: Language = decisionLanguage(d)): DecisionText {
  const t: Translate = translator(language);
  const words = (title: string, detail: string): DecisionText => ({ title, detail, language });
  if (d.decision === 'granted') {
    const title = d.user?.name ? t('decision.welcome', { name: d.user.name }) : t('decision.welcomeNoName');
    return words(title, t(d.doorOpened ? 'decision.doorOpen' : 'decision.doorShut'));
  }
  if (d.decision === 'denied') {
    switch (d.code) {
      case 'NO_MATCH':
        return words(t('decision.notRecognised'), t('decision.notRecognisedDetail'));
      case 'LOW_CONFIDENCE':
        return words(t('decision.notRecognised'), t('decision.retryOrReception'));
      case 'AMBIGUOUS_MATCH':
        return words(t('decision.ambiguous'), t('decision.retryOrReception'));
      case 'LIVENESS_FAILED':
        // The guidance already says what to do next ("please call reception"): no second line.
        return words(guidanceText(d.code, language), '');
      default:
        return words(guidanceText(d.code, language), t('decision.thenTryAgain'));
    }
  }
  if (d.code === 'OFFLINE') return words(t('decision.offline'), t('decision.offlineDetail'));
  return words(t('decision.error'), t('decision.errorDetail', { code: d.code }));
}
