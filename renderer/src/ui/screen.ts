import type { Code } from '../../../electron/common/codes';
import type { KioskState } from '../../../electron/common/contract';
import type { Decision } from '../../../electron/common/decision';
import { playDenied, playGranted } from '../audio/cues';
import { kioskLanguage, type Language } from '../i18n/i18n';
import { decisionText, faultText, text } from '../i18n/messages';
import { operatorAlerts, type OperatorStatus } from './operator-alerts';

type RelayStatus = { fitted: boolean; connected: boolean; detail: string };

/**
 * The one place that touches the kiosk's DOM. What a person sees is mirrored into data attributes on
 * <body> so the stylesheet picks each screen's look and tests and the simulator read the same thing:
 * data-state (KioskState), data-code, data-decision, data-door, data-lang (language of the words on
 * screen), data-service, data-relay, data-camera, data-cue (the sound of the decision on screen),
 * data-setup (what the kiosk still needs before it can let anyone in: 'enrol-first').
 * Screens: idle (searching), guidance (guiding/holding), verifying, result, fault; styles.css draws them.
 */
export class Screen {
  private readonly root = document.body;
  private readonly title = this.element('title');
  private readonly detail = this.element('detail');
  private readonly banner = this.element('banner');
  private readonly alert = this.element('operator-alert');
  private readonly operator: OperatorStatus = { cameraLost: false };
  /** The last state shown, so a camera that comes and goes can redraw it. */
  private current: { state: KioskState; code?: Code } = { state: 'starting' };
  private setupHint: 'enrol-first' | null = null;

  constructor() {
    this.setLanguage(kioskLanguage());
  }

  private element(id: string): HTMLElement {
    const el = document.getElementById(id);
    if (!el) throw new Error(`index.html lacks #${id}`);
    return el;
  }

  show(state: KioskState, code?: Code): void {
    this.current = { state, ...(code && { code }) };
    // Back from a visitor's welcome to the kiosk's own language.
    this.setLanguage(kioskLanguage());
    this.root.dataset.state = state;
    if (code) this.root.dataset.code = code;
    else delete this.root.dataset.code;
    delete this.root.dataset.decision;
    delete this.root.dataset.door;
    delete this.root.dataset.cue;
    if (state === 'fault') this.operator.fault = code ?? 'INTERNAL_ERROR';
    else delete this.operator.fault;
    delete this.operator.faultDetail;
    const [title, detail] = this.textFor(state, code);
    this.title.textContent = title;
    this.detail.textContent = detail;
    this.renderAlerts();
  }

  showDecision(decision: Decision): void {
    this.current = { state: 'result', code: decision.code };
    const words = decisionText(decision);
    this.setLanguage(words.language);
    this.root.dataset.state = 'result';
    this.root.dataset.decision = decision.decision;
    this.root.dataset.code = decision.code;
    this.root.dataset.door = decision.doorOpened ? 'opened' : 'shut';
    this.title.textContent = words.title;
    this.detail.textContent = words.detail;
    delete this.operator.fault;
    this.renderAlerts();
    // The sound says whether to push the door: a recognised person whose door stayed shut hears "no".
    const cue = decision.doorOpened ? 'granted' : 'denied';
    this.root.dataset.cue = cue;
    void (cue === 'granted' ? playGranted() : playDenied());
  }

  /** Main says the verify service is down (circuit open): tell people before they wait for nothing. */
  setServiceOnline(online: boolean): void {
    this.root.dataset.service = online ? 'online' : 'offline';
    this.banner.textContent = online ? '' : text.offlineBanner;
  }

  /**
   * KioskInfo.setupHint: a kiosk that recognises faces itself with nobody enrolled says, on its idle
   * screen, how to enrol someone; it would otherwise invite people to look at a camera that can only say no.
   */
  setSetupHint(hint: 'enrol-first' | null): void {
    this.setupHint = hint;
    if (hint) this.root.dataset.setup = hint;
    else delete this.root.dataset.setup;
  }

  /** Shows main's explanation of the fault on screen (a broken settings file names itself). */
  setFaultDetail(detail: string): void {
    this.operator.faultDetail = detail;
    this.renderAlerts();
  }

  /** Main runs on the last good settings because settings.json is broken: the operator corner says which file. */
  setConfigFault(fault: { code: Code; message: string } | null): void {
    if (fault) {
      this.operator.configFault = fault;
      this.root.dataset.configFault = fault.code;
    } else {
      delete this.operator.configFault;
      delete this.root.dataset.configFault;
    }
    this.renderAlerts();
  }

  /** The door relay's state, for the operator corner: small, because it is for staff, not for the person at the door. */
  setRelay(relay: RelayStatus): void {
    this.root.dataset.relay = relay.connected ? 'connected' : relay.fitted ? 'unavailable' : 'none';
    this.operator.relay = relay;
    this.alert.title = relay.detail;
    this.renderAlerts();
  }

  /**
   * The camera went away (CameraSource.onLost) or came back (onRestored). While it is away the
   * visitor is told the kiosk is out of order instead of being asked to look at a dead camera.
   */
  setCamera(status: 'ok' | 'lost'): void {
    this.root.dataset.camera = status;
    this.operator.cameraLost = status === 'lost';
    if (this.current.state === 'result') this.renderAlerts();
    else this.show(this.current.state, this.current.code);
  }

  private setLanguage(language: Language): void {
    this.root.dataset.lang = language;
    // The document's language too, so the browser hyphenates and screen readers pronounce it right.
    document.documentElement.lang = language;
  }

  private renderAlerts(): void {
    const lines = operatorAlerts(this.operator).map((line) => {
      const div = document.createElement('div');
      div.textContent = line;
      return div;
    });
    this.alert.replaceChildren(...lines);
  }

  private textFor(state: KioskState, code?: Code): [string, string] {
    if (this.operator.cameraLost && state !== 'fault') return [faultText('CAMERA_UNAVAILABLE'), ''];
    switch (state) {
      case 'starting':
        return [text.starting, ''];
      case 'searching':
        if (this.setupHint === 'enrol-first') return [text.enrolFirst, text.enrolFirstDetail];
        return [text.idle, text.idleDetail];
      case 'guiding':
        return [text.guidance(code ?? 'FACE_NOT_FOUND'), ''];
      case 'holding':
        // Good frames are being gathered (and liveness watches them): keep the person where they are.
        return [text.holding, ''];
      case 'verifying':
        return [text.verifying, text.verifyingDetail];
      case 'fault':
        // The code is for staff and is in the operator corner; the visitor needs only what to do.
        return [faultText(code), ''];
      case 'result':
        return ['', ''];
    }
  }
}
