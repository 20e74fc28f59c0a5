import type { Code } from '../../../electron/common/codes';
import type { KioskState } from '../../../electron/common/contract';
import type { Decision } from '../../../electron/common/decision';
import { decisionText, faultText, text } from '../i18n/messages';

/**
 * The one place that touches the kiosk's DOM. State and decision are mirrored into data attributes
 * (data-state, data-decision, data-code) so tests and the simulator read what a person sees.
 */
export class Screen {
  private readonly root = document.body;
  private readonly title = this.element('title');
  private readonly detail = this.element('detail');
  private readonly banner = this.element('banner');

  private element(id: string): HTMLElement {
    const el = document.getElementById(id);
    if (!el) throw new Error(`index.html lacks #${id}`);
    return el;
  }

  show(state: KioskState, code?: Code): void {
    this.root.dataset.state = state;
    if (code) this.root.dataset.code = code;
    else delete this.root.dataset.code;
    delete this.root.dataset.decision;
    delete this.root.dataset.door;
    const [title, detail] = this.textFor(state, code);
    this.title.textContent = title;
    this.detail.textContent = detail;
  }

  showDecision(decision: Decision): void {
    this.root.dataset.state = 'result';
    this.root.dataset.decision = decision.decision;
    this.root.dataset.code = decision.code;
    this.root.dataset.door = decision.doorOpened ? 'opened' : 'shut';
    const { title, detail } = decisionText(decision);
    this.title.textContent = title;
    this.detail.textContent = detail;
  }

  /** Main says the verify service is down (circuit open): tell people before they wait for nothing. */
  setServiceOnline(online: boolean): void {
    this.root.dataset.service = online ? 'online' : 'offline';
    this.banner.textContent = online ? '' : text.offlineBanner;
  }

  private textFor(state: KioskState, code?: Code): [string, string] {
    switch (state) {
      case 'starting':
        return [text.starting, ''];
      case 'searching':
        return [text.guidance('FACE_NOT_FOUND'), ''];
      case 'guiding':
        return [text.guidance(code ?? 'FACE_NOT_FOUND'), ''];
      case 'holding':
        return [text.holding, ''];
      case 'verifying':
        return [text.verifying, ''];
      case 'fault':
        return [faultText(code), code ?? ''];
      case 'result':
        return ['', ''];
    }
  }
}
