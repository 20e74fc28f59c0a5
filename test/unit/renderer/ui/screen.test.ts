import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { Decision } from '../../../../electron/common/decision';

// The sounds are checked on their own (audio/cues.test.ts); here only which one the screen asks for.
const cues = vi.hoisted(() => ({ playGranted: vi.fn(async () => 'muted'), playDenied: vi.fn(async () => 'muted') }));
vi.mock('../../../../renderer/src/audio/cues', () => cues);

/** Just enough of a DOM for Screen, which only sets text, data-* and children. */
interface FakeElement {
  id: string;
  dataset: Record<string, string>;
  textContent: string;
  title: string;
  lang: string;
  children: FakeElement[];
  replaceChildren(...children: FakeElement[]): void;
}
function element(id = ''): FakeElement {
  return {
    id,
    dataset: {},
    textContent: '',
    title: '',
    lang: '',
    children: [],
    replaceChildren(...children) {
      this.children = children;
      this.textContent = children.map((c) => c.textContent).join('');
    },
  };
}

let dom: Record<string, FakeElement>;
beforeEach(() => {
  dom = Object.fromEntries(['title', 'detail', 'banner', 'operator-alert'].map((id) => [id, element(id)]));
  const body = element('body');
  const html = element('html');
  vi.stubGlobal('document', {
    body,
    documentElement: html,
    getElementById: (id: string) => dom[id] ?? null,
    createElement: () => element(),
  });
  cues.playGranted.mockClear();
  cues.playDenied.mockClear();
});

const { Screen } = await import('../../../../renderer/src/ui/screen');
const body = () => (document.body as unknown as FakeElement).dataset;
const base: Decision = { attemptId: 1, decision: 'granted', code: 'OK', online: true, doorOpened: true, latencyMs: 9 };

describe('Screen', () => {
  it('welcomes in the visitor’s language, then goes back to the kiosk’s', () => {
    const screen = new Screen();
    screen.showDecision({ ...base, user: { userId: 'u1', name: 'Ada', language: 'fr' } });
    expect(dom.title!.textContent).toBe('Bienvenue, Ada');
    expect(body().lang).toBe('fr');
    expect((document.documentElement as unknown as FakeElement).lang).toBe('fr');
    screen.show('searching', 'FACE_NOT_FOUND');
    expect(dom.title!.textContent).toBe('Look at the camera to enter');
    expect(body().lang).toBe('en');
    expect((document.documentElement as unknown as FakeElement).lang).toBe('en');
    expect(body().decision).toBeUndefined();
  });

  it('plays the chime only when the door opened', () => {
    const screen = new Screen();
    screen.showDecision(base);
    screen.showDecision({ ...base, decision: 'denied', code: 'NO_MATCH', doorOpened: false });
    screen.showDecision({ ...base, code: 'RELAY_UNAVAILABLE', doorOpened: false });
    expect(cues.playGranted).toHaveBeenCalledTimes(1);
    expect(cues.playDenied).toHaveBeenCalledTimes(2);
    expect(body().cue).toBe('denied');
  });

  it('words each guidance code and the liveness wait', () => {
    const screen = new Screen();
    screen.show('guiding', 'FACE_ANGLE_TOO_LARGE');
    expect(dom.title!.textContent).toBe('Turn your face to the camera');
    screen.show('holding');
    expect(dom.title!.textContent).toBe('Keep looking at the camera');
    screen.show('guiding', 'LIVENESS_FAILED');
    expect(dom.title!.textContent).toBe('We could not confirm a live face: please call reception');
  });

  it('shows a lost camera instead of asking people to look at it, and recovers', () => {
    const screen = new Screen();
    screen.setRelay({ fitted: true, connected: false, detail: 'ENOENT /dev/ttyUSB0' });
    screen.show('searching');
    screen.setCamera('lost');
    expect(body().camera).toBe('lost');
    expect(dom.title!.textContent).toBe('Camera unavailable: please call reception');
    expect(dom['operator-alert']!.children.map((c) => c.textContent)).toEqual([
      'Camera disconnected: reconnecting…',
      'Door controller unavailable',
    ]);
    screen.show('searching'); // the loop carries on: the camera fault stays up
    expect(dom.title!.textContent).toBe('Camera unavailable: please call reception');
    screen.setCamera('ok');
    expect(dom.title!.textContent).toBe('Look at the camera to enter');
    expect(dom['operator-alert']!.textContent).toBe('Door controller unavailable');
  });

  it('puts a fault’s code in the operator corner, not in the visitor’s words', () => {
    const screen = new Screen();
    screen.show('fault', 'FAILED_TO_READ_MODEL');
    expect(dom.title!.textContent).toBe('Face check unavailable: please call reception');
    expect(dom.detail!.textContent).toBe('');
    expect(dom['operator-alert']!.textContent).toBe('Face model failed to load (FAILED_TO_READ_MODEL)');
  });

  it('tells the operator how to enrol someone while nobody is enrolled, on the idle screen only, in the kiosk’s language', async () => {
    const { setKioskLanguage } = await import('../../../../renderer/src/i18n/i18n');
    const screen = new Screen();
    screen.setSetupHint('enrol-first');
    expect(body().setup).toBe('enrol-first');
    screen.show('searching', 'FACE_NOT_FOUND');
    expect(dom.title!.textContent).toBe('No one is enrolled yet');
    expect(dom.detail!.textContent).toContain('Ctrl+Alt+Shift+A');
    expect(dom.detail!.textContent).toContain('People → Enrol a person');
    expect(dom.detail!.textContent).toContain('npx facegate enroll photo.jpg --name');
    // Someone at the camera still gets the door's guidance.
    screen.show('guiding', 'FACE_TOO_SMALL');
    expect(dom.title!.textContent).toBe('Step closer');
    try {
      setKioskLanguage('fr');
      screen.show('searching');
      expect(dom.title!.textContent).toBe('Personne n’est encore enregistré');
      expect(dom.detail!.textContent).toContain('Personnes → Inscrire une personne');
      setKioskLanguage('de');
      screen.show('searching');
      expect(dom.title!.textContent).toBe('Noch niemand ist registriert');
      expect(dom.detail!.textContent).toContain('npx facegate enroll');
    } finally {
      setKioskLanguage('en');
    }
    screen.setSetupHint(null);
    screen.show('searching');
    expect(dom.title!.textContent).toBe('Look at the camera to enter');
    expect(body().setup).toBeUndefined();
  });
});
