import type { KioskApi } from '../../../electron/common/kiosk-api';
import { h } from './dom';

/** What the renderer knows of itself: the camera and the face models (main knows the rest). */
export interface LocalHealth {
  camera: { ok: boolean; detail: string };
  model: { ok: boolean; detail: string };
}

/** Health of camera, models, verify service, relay, settings file and database, one line each. */
export class HealthView {
  readonly element: HTMLElement;
  private readonly list = h('dl', { id: 'health-list' });

  constructor(
    private readonly kiosk: KioskApi,
    private readonly local: () => LocalHealth,
  ) {
    const refresh = h('button', { type: 'button', id: 'health-refresh' }, 'Refresh');
    refresh.addEventListener('click', () => void this.load());
    this.element = h('section', { id: 'admin-health' }, refresh, this.list);
  }

  async load(): Promise<void> {
    const local = this.local();
    const lines: Array<[string, boolean, string]> = [
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
          m.settings.fault ? `${m.settings.fault.code}: ${m.settings.fault.message}` : `${m.settings.path} (valid)`,
        ],
        ['storage', m.storage.ok, m.storage.detail],
        ['kiosk', m.kiosk.state !== 'fault', `${m.kiosk.state}${m.kiosk.code ? ` (${m.kiosk.code})` : ''}`],
      );
    } else {
      lines.push(['main', false, `${result.message} (${result.code})`]);
    }
    this.list.replaceChildren(
      ...lines.flatMap(([name, ok, detail]) => [
        h('dt', { 'data-health': name, 'data-ok': String(ok) }, `${ok ? '✔' : '✖'} ${name}`),
        h('dd', { 'data-health': name }, detail),
      ]),
    );
  }
}
