import type { TestResult } from '../../../electron/common/admin-contract';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { translator, type Language, type Translate } from '../i18n/i18n';
import { AttemptsView } from './attempts-view';
import { CameraPreview } from './camera-preview';
import { h } from './dom';
import { HealthView, type LocalHealth } from './health-view';
import { PeopleView, type EnrolVision } from './people-view';
import { createSettingsForm } from './settings-form';

/**
 * The admin screen once unlocked: settings (with "test connection", "test relay" and the camera
 * preview), the people the kiosk recognises (enrol, forget), the attempt log, and health. Saving sends the whole settings object to main, which
 * validates it again, writes settings.json and rebuilds the services; the kiosk then starts afresh.
 * Its words are in the language it was built in: closing reloads the page, so a new one applies then.
 */
export class AdminScreen {
  readonly element: HTMLElement;
  private readonly t: Translate;
  private readonly form: ReturnType<typeof createSettingsForm>;
  private readonly attempts: AttemptsView;
  private readonly health: HealthView;
  private readonly people: PeopleView;
  private readonly camera: CameraPreview;
  private readonly saveResult = h('div', { id: 'admin-save-result', role: 'status' });
  private readonly pathLine = h('div', { id: 'admin-settings-path' });
  private readonly tabs = new Map<string, { button: HTMLButtonElement; panel: HTMLElement }>();

  constructor(
    private readonly kiosk: KioskApi,
    local: () => LocalHealth,
    private readonly onClose: () => void,
    language: Language,
    vision: () => EnrolVision | null = () => null,
  ) {
    const t = translator(language);
    this.t = t;
    this.form = createSettingsForm(t);
    this.attempts = new AttemptsView(kiosk, language);
    this.health = new HealthView(kiosk, local, language);
    this.camera = new CameraPreview(
      this.form.element.querySelector('#field-capture-cameraDevice') as HTMLInputElement,
      language,
    );
    this.form.section('camera').append(this.camera.element);
    this.people = new PeopleView(kiosk, vision, () => vision()?.info.capture.cameraDevice ?? '', language);

    const testConnection = this.testButton('test-connection', t('admin.settings.testConnection'), () =>
      this.kiosk.adminTestConnection({
        verifier: this.form.read().settings.verifier as Record<string, unknown>,
        clientSecret: this.form.clientSecret() || undefined,
      }),
    );
    this.form.section('verifier').append(...testConnection);
    const testRelay = this.testButton('test-relay', t('admin.settings.testRelay'), () =>
      this.kiosk.adminTestRelay({ relay: this.form.read().settings.relay as Record<string, unknown> }),
    );
    this.form.section('relay').append(...testRelay);

    const save = h('button', { type: 'button', id: 'admin-save', class: 'primary' }, t('admin.settings.save'));
    save.addEventListener('click', () => void this.save());
    const settingsPanel = h(
      'section',
      { id: 'admin-settings-panel' },
      this.pathLine,
      this.form.element,
      h('div', { class: 'admin-row' }, save, this.saveResult),
    );

    const close = h('button', { type: 'button', id: 'admin-close' }, t('admin.close'));
    close.addEventListener('click', () => this.onClose());
    const nav = h('nav', { class: 'admin-tabs' });
    for (const [id, panel] of [
      ['settings', settingsPanel],
      ['people', this.people.element],
      ['attempts', this.attempts.element],
      ['health', this.health.element],
    ] as const) {
      const button = h('button', { type: 'button', id: `tab-${id}` }, t(`admin.tabs.${id}`));
      button.addEventListener('click', () => this.showTab(id));
      nav.append(button);
      this.tabs.set(id, { button, panel });
    }
    this.element = h(
      'div',
      { id: 'admin-panel' },
      h('header', {}, h('h1', {}, t('admin.title')), nav, close),
      settingsPanel,
      this.people.element,
      this.attempts.element,
      this.health.element,
    );
  }

  async open(): Promise<void> {
    document.body.dataset.admin = 'open';
    const got = await this.kiosk.adminGetSettings(null);
    if (!got.ok) {
      this.saveResult.textContent = `${got.message} (${got.code})`;
      return;
    }
    this.form.fill(got.value.settings as unknown as Record<string, unknown>);
    const { path, fault, clientSecretSet } = got.value;
    this.pathLine.textContent = fault
      ? this.t('admin.settings.fileInvalid', { path, code: fault.code, message: fault.message })
      : this.t(clientSecretSet ? 'admin.settings.file' : 'admin.settings.fileNoSecret', { path });
    this.showTab('settings');
    void this.camera.open();
  }

  close(): void {
    this.camera.close();
    this.people.hide();
  }

  private showTab(id: string): void {
    for (const [name, tab] of this.tabs) {
      tab.panel.hidden = name !== id;
      tab.button.setAttribute('aria-selected', String(name === id));
    }
    // The People camera runs only while its section is shown (and stops a capture when left).
    if (id === 'people') void this.people.show();
    else this.people.hide();
    if (id === 'attempts') void this.attempts.load();
    if (id === 'health') void this.health.load();
  }

  private testButton(
    id: string,
    label: string,
    run: () => Promise<{ ok: true; value: TestResult } | { ok: false; code: string; message: string }>,
  ): HTMLElement[] {
    const output = h('output', { id: `${id}-result` });
    const button = h('button', { type: 'button', id }, label);
    button.addEventListener('click', async () => {
      if (this.form.read().errors.length) {
        output.textContent = this.t('admin.settings.fixFirst');
        output.dataset.ok = 'false';
        return;
      }
      button.disabled = true;
      output.textContent = this.t('admin.settings.testing');
      delete output.dataset.ok;
      try {
        const result = await run();
        const value = result.ok ? result.value : { ok: false, code: result.code, detail: result.message, ms: 0 };
        // A result code and main's own detail ("opened for 400 ms"): main's words are not translated here.
        output.textContent = `${value.ok ? 'OK' : value.code}: ${value.detail}${value.ms ? ` (${value.ms} ms)` : ''}`;
        output.dataset.ok = String(value.ok);
        output.dataset.code = value.code;
      } finally {
        button.disabled = false;
      }
    });
    return [button, output];
  }

  private async save(): Promise<void> {
    const { settings, errors } = this.form.read();
    if (errors.length) {
      this.saveResult.textContent = this.t('admin.settings.notSavedFix');
      this.saveResult.dataset.ok = 'false';
      return;
    }
    const secret = this.form.clientSecret();
    const result = await this.kiosk.adminSaveSettings({ settings, ...(secret && { clientSecret: secret }) });
    if (!result.ok) {
      this.saveResult.textContent = this.t('admin.settings.notSaved', { message: result.message, code: result.code });
      this.saveResult.dataset.ok = 'false';
      this.form.showErrors([result.message]);
      return;
    }
    this.form.fill(result.value.settings as unknown as Record<string, unknown>);
    this.saveResult.textContent = this.t('admin.settings.saved');
    this.saveResult.dataset.ok = 'true';
  }
}
