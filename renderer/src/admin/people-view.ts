import type { PeopleList, PersonView } from '../../../electron/common/admin-contract';
import type { Code } from '../../../electron/common/codes';
import type { KioskInfo } from '../../../electron/common/contract';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { translator, type Language, type Translate } from '../i18n/i18n';
import { guidanceText } from '../i18n/messages';
import { FrameKeeper, FrameReader } from '../vision/frame-encoder';
import type { DetectedFace } from '../vision/gate';
import { CameraPreview } from './camera-preview';
import { h } from './dom';
import { EnrolCapture, DEFAULT_CAPTURE, type CaptureProgress } from './enrol-capture';
import { VideoFrameClock } from '../vision/next-video-frame';

/** The door's face pipeline, lent to the admin screen for enrolment: null until Human has loaded. */
export interface EnrolVision {
  info: KioskInfo;
  /** Human on a video element's current frame, as the door's loop runs it. */
  detect(video: HTMLVideoElement): Promise<DetectedFace[]>;
}

/** Codes an enrolment can end with that have their own words; anything else shows main's message. */
const REFUSALS = [
  'FACE_NOT_FOUND',
  'TOO_MANY_FACES',
  'FAILED_TO_READ_IMAGE',
  'ALREADY_ENROLLED',
  'LIVENESS_FAILED',
  'CAMERA_FROZEN',
  'FAILED_TO_READ_MODEL',
] as const;
type Refusal = (typeof REFUSALS)[number];
const isRefusal = (code: string): code is Refusal => (REFUSALS as readonly string[]).includes(code);

/** A person's language by its own name: the same in every language of the screen. */
const LANGUAGE_NAMES: Record<string, string> = { en: 'English', fr: 'Français', de: 'Deutsch' };

/**
 * The People section: who this kiosk recognises on its own, enrolment of the person standing at the
 * kiosk (name, email, language; a live preview; a few good frames through the door's own gate and
 * liveness, with the door's guidance while they are taken), and forgetting, after a confirmation.
 * Main computes the templates from the frames; with FACEKI as the verifier it enrols there instead.
 */
/**
 * The preview's stream is attached before its first frame arrives: an operator who presses "Capture"
 * while the camera is still starting (or a loaded machine) gets a few seconds' grace, not a refusal.
 */
async function videoHasPicture(video: HTMLVideoElement, graceMs = 5_000): Promise<boolean> {
  const ready = () => video.dataset.live === 'true' && video.readyState >= 2;
  const started = performance.now();
  while (!ready()) {
    if (performance.now() - started > graceMs) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

export class PeopleView {
  readonly element: HTMLElement;
  private readonly t: Translate;
  private readonly modeLine = h('p', { id: 'people-mode' });
  private readonly status = h('p', { id: 'people-status', role: 'status' });
  private readonly body = h('tbody');
  private readonly table: HTMLTableElement;
  private readonly name = h('input', { id: 'enrol-name', type: 'text', maxlength: 120, autocomplete: 'off' });
  private readonly email = h('input', { id: 'enrol-email', type: 'email', maxlength: 254, autocomplete: 'off' });
  private readonly personLanguage: HTMLSelectElement;
  private readonly camera: CameraPreview;
  private readonly guidance = h('div', { id: 'enrol-guidance', role: 'status', 'aria-live': 'polite' });
  private readonly dots = h('div', { class: 'enrol-dots', 'aria-hidden': 'true' });
  private readonly start: HTMLButtonElement;
  private readonly cancel: HTMLButtonElement;
  private readonly result = h('output', { id: 'enrol-result' });
  private readonly detail = h('small', { id: 'enrol-detail' });
  private capture: EnrolCapture | null = null;
  /** The preview's own camera choice, started from the kiosk's camera; choosing another changes nothing saved. */
  private readonly device = h('input', { type: 'hidden' });

  constructor(
    private readonly kiosk: KioskApi,
    private readonly vision: () => EnrolVision | null,
    private readonly cameraDevice: () => string,
    private readonly language: Language,
  ) {
    const t = translator(language);
    this.t = t;
    this.personLanguage = h(
      'select',
      { id: 'enrol-language' },
      h('option', { value: '' }, t('admin.people.kioskLanguage')),
      ...Object.entries(LANGUAGE_NAMES).map(([code, name]) => h('option', { value: code }, name)),
    );
    this.camera = new CameraPreview(this.device, language, { select: 'people-camera-select', video: 'people-preview' });
    // Over the picture, as at the door: what the person should do, and how many frames are taken.
    this.camera.element.append(h('div', { class: 'enrol-overlay' }, this.guidance, this.dots));
    this.start = h('button', { type: 'submit', id: 'enrol-start', class: 'primary' }, t('admin.people.enrol'));
    this.cancel = h('button', { type: 'button', id: 'enrol-cancel', disabled: true }, t('admin.people.cancel'));
    this.cancel.addEventListener('click', () => this.capture?.stop());
    const refresh = h('button', { type: 'button', id: 'people-refresh' }, t('admin.health.refresh'));
    refresh.addEventListener('click', () => void this.load());

    const column = (key: 'name' | 'email' | 'language' | 'templates' | 'created') =>
      h('th', {}, t(`admin.people.columns.${key}`));
    this.table = h(
      'table',
      { id: 'people-table' },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          column('name'),
          column('email'),
          column('language'),
          column('templates'),
          column('created'),
          h('th', {}),
        ),
      ),
      this.body,
    );
    const form = h(
      'form',
      { id: 'enrol-form', novalidate: true },
      h('h2', {}, t('admin.people.enrolTitle')),
      h('p', { class: 'enrol-help' }, t('admin.people.enrolHelp', { frames: DEFAULT_CAPTURE.frames })),
      h(
        'div',
        { class: 'enrol-fields' },
        h('label', { for: 'enrol-name' }, t('admin.people.columns.name')),
        this.name,
        h('label', { for: 'enrol-email' }, t('admin.people.emailOptional')),
        this.email,
        h('label', { for: 'enrol-language' }, t('admin.people.columns.language')),
        this.personLanguage,
      ),
      this.camera.element,
      h('div', { class: 'admin-row' }, this.start, this.cancel),
      this.result,
      this.detail,
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.enrol();
    });
    this.renderDots(0);
    this.element = h(
      'section',
      { id: 'admin-people' },
      h(
        'div',
        { class: 'people-columns' },
        h(
          'div',
          { class: 'people-list' },
          h('h2', {}, t('admin.people.listTitle')),
          this.modeLine,
          h('div', { class: 'admin-row' }, refresh, this.status),
          h('div', { class: 'people-table-wrap' }, this.table),
        ),
        form,
      ),
    );
  }

  /** The list and the preview, when the section is shown. */
  async show(): Promise<void> {
    if (!this.device.value) this.device.value = this.cameraDevice();
    void this.camera.open();
    await this.load();
  }

  /** Leaving the section (or the screen): the capture stops and the camera is let go. */
  hide(): void {
    this.capture?.stop();
    this.camera.close();
  }

  async load(): Promise<void> {
    const result = await this.kiosk.adminPeopleList(null);
    if (!result.ok) {
      this.status.textContent = `${result.message} (${result.code})`;
      return;
    }
    this.render(result.value);
  }

  private render(list: PeopleList): void {
    const t = this.t;
    this.element.dataset.mode = list.mode;
    this.modeLine.textContent = t(list.mode === 'local' ? 'admin.people.modeLocal' : 'admin.people.modeFaceki');
    if (list.otherModelTemplates > 0) {
      this.modeLine.append(h('br'), h('small', {}, t('admin.people.otherModel', { count: list.otherModelTemplates })));
    }
    this.body.replaceChildren(...list.people.flatMap((p) => this.row(p)));
    // Headers over nothing say less than the status line beside the button.
    this.table.hidden = list.people.length === 0;
    this.status.textContent = list.people.length
      ? t('admin.people.count', { count: list.people.length })
      : t('admin.people.none');
    this.status.dataset.count = String(list.people.length);
  }

  private row(person: PersonView): HTMLTableRowElement[] {
    const t = this.t;
    const forget = h('button', { type: 'button', class: 'people-forget' }, t('admin.people.forget'));
    const created = new Date(person.createdAt);
    const row = h(
      'tr',
      { 'data-person-id': person.id, 'data-source': person.source },
      h('td', {}, person.name),
      h('td', {}, person.email ?? ''),
      h('td', {}, person.language ? (LANGUAGE_NAMES[person.language] ?? person.language) : ''),
      h('td', { class: 'number' }, String(person.templates)),
      h(
        'td',
        {},
        Number.isNaN(created.getTime())
          ? person.createdAt
          : created.toLocaleString(this.language, { dateStyle: 'short', timeStyle: 'short' }),
      ),
      h('td', { class: 'people-actions' }, forget),
    );
    // Asked in a row of its own beneath: a kiosk's browser dialogs are easy to miss and may be disabled.
    const yes = h('button', { type: 'button', class: 'people-forget-yes danger' }, t('admin.people.forgetYes'));
    const no = h('button', { type: 'button', class: 'people-forget-no' }, t('admin.people.cancel'));
    const message = h('span', {}, t('admin.people.forgetConfirm', { name: person.name }));
    const confirm = h(
      'tr',
      { class: 'people-confirm', hidden: true },
      h('td', { colspan: 6 }, h('div', { class: 'people-confirm-line' }, message, yes, no)),
    );
    const ask = (open: boolean) => {
      confirm.hidden = !open;
      forget.disabled = open;
    };
    forget.addEventListener('click', () => ask(true));
    no.addEventListener('click', () => ask(false));
    yes.addEventListener('click', () => void this.forget(person, message, yes));
    return [row, confirm];
  }

  private async forget(person: PersonView, message: HTMLElement, yes: HTMLButtonElement): Promise<void> {
    yes.disabled = true;
    const result = await this.kiosk.adminPeopleForget({ id: person.id });
    if (!result.ok) {
      message.textContent = `${result.message} (${result.code})`;
      message.className = 'people-error';
      return;
    }
    this.status.textContent = this.t('admin.people.forgotten', { name: person.name });
    await this.load();
  }

  private async enrol(): Promise<void> {
    const name = this.name.value.trim();
    const email = this.email.value.trim();
    if (!name) return this.outcome(false, this.t('admin.people.nameNeeded'), 'INVALID_REQUEST');
    if (email && !this.email.checkValidity()) {
      return this.outcome(false, this.t('admin.people.emailInvalid'), 'INVALID_REQUEST');
    }
    const vision = this.vision();
    if (!vision) return this.outcome(false, this.t('admin.people.noVision'), 'FAILED_TO_READ_MODEL');
    const video = this.camera.video;
    if (!(await videoHasPicture(video))) {
      return this.outcome(false, this.t('admin.people.noCamera'), 'CAMERA_UNAVAILABLE');
    }
    this.busy(true);
    this.outcome(null, '', null);
    const reader = new FrameReader();
    const keeper = new FrameKeeper();
    const { capture: settings } = vision.info;
    const frameClock = new VideoFrameClock(video);
    this.capture = new EnrolCapture(
      {
        info: vision.info,
        detect: () => vision.detect(video),
        frameSize: () => ({ width: video.videoWidth, height: video.videoHeight }),
        pixels: () => reader.read(video),
        keepFrame: () => keeper.keep(video),
        encodeKept: (region) => keeper.encode(region, settings.imageFormat, settings.jpegQuality),
        nextFrame: () => frameClock.next(),
        now: () => performance.now(),
      },
      (progress) => this.progress(progress),
    );
    try {
      const captured = await this.capture.run();
      if (!captured.ok) {
        if (captured.code === null) return this.outcome(false, this.t('admin.people.cancelled'), null);
        return this.refused(captured.code, '');
      }
      this.guidance.textContent = this.t('admin.people.sending');
      this.guidance.dataset.state = 'sending';
      const language = this.personLanguage.value as 'en' | 'fr' | 'de' | '';
      const result = await this.kiosk.adminPeopleEnroll({
        name,
        ...(email && { email }),
        ...(language && { language }),
        frames: captured.frames,
      });
      if (!result.ok) return this.refused(result.code, result.message);
      const person = result.value;
      this.outcome(
        true,
        this.t(person.source === 'faceki' ? 'admin.people.enrolledFaceki' : 'admin.people.enrolled', {
          name: person.name,
        }),
        'OK',
      );
      this.name.value = '';
      this.email.value = '';
      this.personLanguage.value = '';
      await this.load();
    } finally {
      frameClock.stop();
      this.capture = null;
      this.busy(false);
    }
  }

  private progress(p: CaptureProgress): void {
    this.guidance.dataset.state = p.state;
    this.guidance.textContent =
      p.state === 'guiding'
        ? guidanceText(p.code, this.language)
        : p.state === 'holding'
          ? this.t('state.holding')
          : this.t('admin.people.captured', { n: p.captured, total: DEFAULT_CAPTURE.frames });
    this.renderDots(p.captured);
  }

  private renderDots(captured: number): void {
    this.dots.dataset.captured = String(captured);
    this.dots.replaceChildren(
      ...Array.from({ length: DEFAULT_CAPTURE.frames }, (_, i) =>
        h('span', { class: i < captured ? 'dot done' : 'dot' }),
      ),
    );
  }

  private refused(code: Code | string, message: string): void {
    const words = isRefusal(code) ? this.t(`admin.people.refused.${code}`) : this.t('admin.people.failed');
    this.outcome(false, words, code, message);
  }

  private outcome(ok: boolean | null, text: string, code: string | null, detail = ''): void {
    this.result.textContent = text && code && code !== 'OK' ? `${text} (${code})` : text;
    if (ok === null) delete this.result.dataset.ok;
    else this.result.dataset.ok = String(ok);
    if (code) this.result.dataset.code = code;
    else delete this.result.dataset.code;
    // Main's own words (which frame, whom the face already belongs to), as it gave them.
    this.detail.textContent = detail;
    if (ok !== null) {
      this.guidance.textContent = '';
      delete this.guidance.dataset.state;
      if (!ok) this.renderDots(0);
    }
  }

  private busy(on: boolean): void {
    this.start.disabled = on;
    this.cancel.disabled = !on;
    for (const input of [this.name, this.email, this.personLanguage]) input.disabled = on;
    this.element.dataset.capturing = String(on);
  }
}
