import type { KioskApi } from '../../../electron/common/kiosk-api';
import { translator, type Language, type Translate } from '../i18n/i18n';
import type { Messages } from '../i18n/locales/en';
import { h } from './dom';

/** What the renderer knows of itself: the camera and the face models (main knows the rest). */
export interface LocalHealth {
  camera: { ok: boolean; detail: string };
  model: { ok: boolean; detail: string };
}

type HealthName = keyof Messages['admin']['health']['names'];

/**
 * Health of camera, models, verify service, relay, settings file and database, one line each. The
 * names are in the screen's language; the details are as main and the renderer's start-up word them.
 */
export class HealthView {
  readonly element: HTMLElement;
  private readonly list = h('dl', { id: 'health-list' });
  private readonly t: Translate;

  constructor(
    private readonly kiosk: KioskApi,
    private readonly local: () => LocalHealth,
    language: Language,
  ) {
    this.t = translator(language);
    const refresh = h('button', { type: 'button', id: 'health-refresh' }, this.t('admin.health.refresh'));
    refresh.addEventListener('click', () => void this.load());
    this.element = h('section', { id: 'admin-health' }, refresh, this.list);
  }

  async load(): Promise<void> {
    const local = this.local();
    const lines: Array<[HealthName, boolean, string]> = [
      ['camera', local.camera.ok, local.camera.detail],
      ['model', local.model.ok, local.model.detail],
    ];
    const result = await this.kiosk.adminHealth(null);
    if (result.ok) {
      const m = result.value;
      lines.push(
        ['service', m.service.online, m.service.detail],
        ['relay', m.relay.connected, m.relay.detail],
        [
          'settings',
          m.settings.fault === null,
          m.settings.fault
            ? `${m.settings.fault.code}: ${m.settings.fault.message}`
            : this.t('admin.health.valid', { path: m.settings.path }),
        ],
        ['storage', m.storage.ok, m.storage.detail],
        ['kiosk', m.kiosk.state !== 'fault', `${m.kiosk.state}${m.kiosk.code ? ` (${m.kiosk.code})` : ''}`],
      );
    } else {
      lines.push(['main', false, `${result.message} (${result.code})`]);
    }
    this.list.replaceChildren(
      ...lines.flatMap(([name, ok, detail]) => [
        h(
          'dt',
          { 'data-health': name, 'data-ok': String(ok) },
          `${ok ? '✔' : '✖'} ${this.t(`admin.health.names.${name}`)}`,
        ),
        h('dd', { 'data-health': name }, detail),
      ]),
    );
  }
}
