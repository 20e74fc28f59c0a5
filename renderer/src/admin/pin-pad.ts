import type { AdminStatus } from '../../../electron/common/admin-contract';
import type { KioskApi } from '../../../electron/common/kiosk-api';
import { translator, type Language, type Translate } from '../i18n/i18n';
import { h } from './dom';

/**
 * The PIN entry: an on-screen keypad (a kiosk may have only a touch screen) over a password field
 * that a keyboard can type into too. Main checks the PIN and keeps the count; this only shows
 * what main says: attempts left, or until when it is locked. Built each time the pad opens, in the
 * kiosk's language of that moment (main may not have said which before the first open).
 */
export class PinPad {
  readonly element: HTMLElement;
  private readonly t: Translate;
  private readonly field: HTMLInputElement;
  private readonly message = h('div', { id: 'admin-pin-message', role: 'alert' });
  private readonly submit: HTMLButtonElement;

  constructor(
    private readonly kiosk: KioskApi,
    private readonly onUnlocked: () => void,
    private readonly onCancel: () => void,
    private readonly language: Language,
  ) {
    const t = translator(language);
    this.t = t;
    this.field = h('input', {
      id: 'admin-pin',
      type: 'password',
      inputmode: 'numeric',
      autocomplete: 'off',
      maxlength: 12,
      'aria-label': t('admin.pin.title'),
    });
    this.submit = h('button', { type: 'submit', id: 'admin-pin-ok' }, t('admin.pin.ok'));
    const keys = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '⌫', '0', 'C'].map((key) => {
      const button = h('button', { type: 'button', class: 'pin-key', 'data-key': key }, key);
      button.addEventListener('click', () => this.press(key));
      return button;
    });
    const cancel = h('button', { type: 'button', id: 'admin-pin-cancel' }, t('admin.pin.cancel'));
    cancel.addEventListener('click', () => this.onCancel());
    const form = h(
      'form',
      { id: 'admin-pin-form' },
      h('h2', {}, t('admin.pin.title')),
      this.field,
      h('div', { class: 'pin-keys' }, ...keys),
      this.message,
      h('div', { class: 'pin-actions' }, cancel, this.submit),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      void this.check();
    });
    this.element = h('div', { id: 'admin-pin-pad', class: 'admin-dialog' }, form);
  }

  /** Shows main's view of the lock before anyone types. */
  show(status: AdminStatus): void {
    this.field.value = '';
    this.render(status);
    this.field.focus();
  }

  showMessage(text: string): void {
    this.message.textContent = text;
  }

  private press(key: string): void {
    if (key === '⌫') this.field.value = this.field.value.slice(0, -1);
    else if (key === 'C') this.field.value = '';
    else if (this.field.value.length < 12) this.field.value += key;
    this.field.focus();
  }

  private async check(): Promise<void> {
    const pin = this.field.value;
    this.field.value = '';
    if (!/^\d{6,12}$/.test(pin)) {
      this.message.textContent = this.t('admin.pin.format');
      return;
    }
    this.submit.disabled = true;
    try {
      const result = await this.kiosk.adminUnlock({ pin });
      if (!result.ok) {
        this.message.textContent = `${result.message} (${result.code})`;
        return;
      }
      if (result.value.unlocked) this.onUnlocked();
      else this.render(result.value, true);
    } finally {
      this.submit.disabled = false;
    }
  }

  private render(status: AdminStatus, afterWrongPin = false): void {
    document.body.dataset.admin = status.lockedUntil ? 'locked' : 'pin';
    if (status.lockedUntil) {
      const time = new Date(status.lockedUntil).toLocaleTimeString(this.language);
      this.message.textContent = this.t('admin.pin.locked', { time });
      this.field.disabled = true;
      this.submit.disabled = true;
      return;
    }
    this.field.disabled = false;
    this.submit.disabled = false;
    this.message.textContent = afterWrongPin ? this.t('admin.pin.wrong', { count: status.attemptsLeft }) : '';
    this.message.dataset.attemptsLeft = String(status.attemptsLeft);
  }
}
