import { describe, expect, it } from 'vitest';
import type { Decision } from '../../../electron/common/decision';
import {
  decisionLanguage,
  decisionText,
  faultText,
  guidanceText,
  operatorFaultText,
  text,
} from '../../../renderer/src/i18n/messages';

const base: Decision = { attemptId: 1, decision: 'granted', code: 'OK', online: true, doorOpened: true, latencyMs: 10 };
const denied = (code: Decision['code']): Decision => ({ ...base, decision: 'denied', code });
const error = (code: Decision['code']): Decision => ({ ...base, decision: 'error', code, online: code !== 'OFFLINE' });

describe('what the person at the door reads', () => {
  it('guides with short instructions', () => {
    expect(text.guidance('FACE_TOO_SMALL')).toBe('Step closer');
    expect(text.guidance('FACE_TOO_CLOSE')).toBe('Step back a little');
    expect(text.guidance('FACE_CLOSE_TO_BORDER')).toBe('Move to the centre');
    expect(text.guidance('TOO_MANY_FACES')).toBe('Only one person, please');
    expect(text.guidance('FACE_ANGLE_TOO_LARGE')).toBe('Turn your face to the camera');
    expect(text.guidance('POOR_LIGHT')).toBe('Move into the light');
    expect(text.guidance('FACE_BLUR')).toBe('Hold still');
    expect(text.guidance('LIVENESS_FAILED')).toBe('We could not confirm a live face: please call reception');
    expect(text.holding).toBe('Keep looking at the camera');
    expect(text.idle).toBe('Look at the camera to enter');
  });

  it('falls back to "look at the camera" for a code that is not guidance', () => {
    expect(guidanceText('SERVER_ERROR')).toBe('Look at the camera');
    expect(guidanceText('SERVER_ERROR', 'fr')).toBe('Regardez la caméra');
  });

  it('welcomes by name, and says when the door did not open', () => {
    const user = { userId: 'u1', name: 'Ada' };
    expect(decisionText({ ...base, user })).toEqual({
      title: 'Welcome, Ada',
      detail: 'The door is open',
      language: 'en',
    });
    expect(decisionText({ ...base, user, doorOpened: false, code: 'RELAY_UNAVAILABLE' }).detail).toMatch(
      /did not open/,
    );
    expect(decisionText(base).title).toBe('Welcome');
  });

  it('never escapes a name: it goes into textContent, not HTML', () => {
    const user = { userId: 'u1', name: "Seán O'Brien <b>" };
    expect(decisionText({ ...base, user }).title).toBe("Welcome, Seán O'Brien <b>");
  });

  it('never words a denial or an error as a welcome', () => {
    for (const d of [
      denied('NO_MATCH'),
      denied('AMBIGUOUS_MATCH'),
      denied('LOW_CONFIDENCE'),
      denied('LIVENESS_FAILED'),
      error('OFFLINE'),
      error('AUTH_FAILED'),
    ]) {
      for (const lang of ['en', 'fr', 'de'] as const) {
        expect(decisionText(d, lang).title).not.toMatch(/welcome|bienvenue|willkommen/i);
      }
    }
    expect(decisionText(error('AUTH_FAILED')).detail).toContain('AUTH_FAILED');
  });

  it('tells a denied person what to do next', () => {
    expect(decisionText(denied('NO_MATCH'))).toMatchObject({
      title: 'Not recognised',
      detail: 'Please call reception',
    });
    expect(decisionText(denied('AMBIGUOUS_MATCH')).detail).toBe('Please try again or call reception');
    expect(decisionText(denied('FACE_TOO_SMALL'))).toMatchObject({ title: 'Step closer', detail: 'Then try again' });
    expect(decisionText(denied('LIVENESS_FAILED')).title).toMatch(/call reception/);
    expect(decisionText(error('OFFLINE'))).toMatchObject({ title: 'Offline', detail: /badge/ });
  });
});

describe('decisions in French and German', () => {
  it('words every decision in the language asked for', () => {
    const user = { userId: 'u1', name: 'Ada' };
    expect(decisionText({ ...base, user }, 'fr')).toEqual({
      title: 'Bienvenue, Ada',
      detail: 'La porte est ouverte',
      language: 'fr',
    });
    expect(decisionText({ ...base, user }, 'de').title).toBe('Willkommen, Ada');
    expect(decisionText(denied('NO_MATCH'), 'fr').title).toBe('Visage non reconnu');
    expect(decisionText(denied('NO_MATCH'), 'de').title).toBe('Nicht erkannt');
    expect(decisionText(error('OFFLINE'), 'fr').title).toBe('Hors ligne');
    expect(decisionText(error('AUTH_FAILED'), 'de').detail).toBe('Bitte wenden Sie sich an den Empfang (AUTH_FAILED)');
    expect(decisionText({ ...base, user, doorOpened: false }, 'fr').detail).toBe(
      'La porte ne s’est pas ouverte\u00a0: veuillez appeler l’accueil',
    );
  });

  it('welcomes a recognised person in their language, when the service gives one we speak', () => {
    const welcome = (language?: string): Decision => ({
      ...base,
      user: { userId: 'u1', name: 'Ada', ...(language !== undefined && { language }) },
    });
    expect(decisionText(welcome('fr'))).toMatchObject({ title: 'Bienvenue, Ada', language: 'fr' });
    expect(decisionText(welcome('fr-CA')).language).toBe('fr');
    expect(decisionText(welcome('DE')).title).toBe('Willkommen, Ada');
    expect(decisionText(welcome('deu')).language).toBe('de');
    // A language we have no words for, none at all, or an empty one: the kiosk's own.
    for (const language of ['ja', '', undefined]) expect(decisionText(welcome(language)).language).toBe('en');
  });

  it('keeps a denial in the kiosk language: nobody was recognised, so nobody has a language', () => {
    expect(decisionLanguage({ ...denied('NO_MATCH'), user: { userId: 'u1', language: 'fr' } })).toBe('en');
  });
});

describe('fault screens', () => {
  it('names the kind of fault in words and never blanks', () => {
    expect(faultText('INVALID_CONFIG')).toMatch(/not set up/);
    expect(faultText('CAMERA_UNAVAILABLE')).toMatch(/Camera unavailable/);
    expect(faultText('FAILED_TO_READ_MODEL')).toMatch(/Face check unavailable/);
    expect(faultText('STORAGE_FAILED')).toMatch(/records/);
    expect(faultText(undefined)).toMatch(/Out of order/);
    expect(faultText('CAMERA_UNAVAILABLE', 'fr')).toMatch(/^Caméra indisponible/);
  });

  it('gives the operator the cause and the code', () => {
    expect(operatorFaultText('FAILED_TO_READ_MODEL')).toBe('Face model failed to load (FAILED_TO_READ_MODEL)');
    expect(operatorFaultText('CAMERA_UNAVAILABLE')).toBe('No camera, or camera access refused (CAMERA_UNAVAILABLE)');
    expect(faultText('CAMERA_FROZEN')).toBe(faultText('CAMERA_UNAVAILABLE'));
    expect(operatorFaultText('CAMERA_FROZEN')).toBe('Camera image frozen (CAMERA_FROZEN)');
  });
});
